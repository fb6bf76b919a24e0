// The Api's wire types, mirroring the C# records in Favorited.Api (Livestreams/, Participants/, Identity/,
// Infrastructure/ApiResponses.cs) and Favorited.Core/LiveState. Timestamps are ISO-8601 UTC strings.

export type LivestreamStatus = 'SCHEDULED' | 'LIVE' | 'ENDED' | 'ERROR';
export type ParticipantRole = 'HOST' | 'VIEWER';
export type ParticipantStatus = 'JOINED' | 'LEFT';
/** PRIVATE: seen only by its creator and people who redeemed one of its invites. */
export type LivestreamVisibility = 'PUBLIC' | 'PRIVATE';

export const livestreamStatuses: readonly LivestreamStatus[] = ['LIVE', 'SCHEDULED', 'ENDED', 'ERROR'];

export type JsonObject = { [key: string]: unknown };

export interface Livestream {
  id: string;
  roomName: string;
  title: string;
  description: string | null;
  status: LivestreamStatus;
  visibility: LivestreamVisibility;
  createdBy: string;
  maxParticipants: number;
  emptyTimeout: number;
  metadata: unknown;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  endedAt: string | null;
}

export interface Participant {
  id: string;
  livestreamId: string;
  userId: string;
  displayName: string;
  role: ParticipantRole;
  status: ParticipantStatus;
  metadata: unknown;
  livekitParticipantSid: string | null;
  livekitRoomSid: string | null;
  joinedAt: string;
  leftAt: string | null;
}

/** The creator is the caller (the bearer token), so the body does not name them. */
export interface CreateLivestreamInput {
  roomName: string;
  title: string;
  description?: string;
  maxParticipants?: number;
  emptyTimeout?: number;
  metadata?: JsonObject;
  /** PUBLIC when left out. */
  visibility?: LivestreamVisibility;
}

/** Who joins, and under which display name, comes from the bearer token. */
export interface JoinInput {
  role: ParticipantRole;
  metadata?: JsonObject;
}

export interface JoinResult {
  token: string;
  /** The LiveKit server's WebSocket URL. */
  url: string;
  participant: Participant;
}

/** A stream's live state (GET /state, and the data of every per-stream event). viewerCount excludes hosts. */
export interface StreamState {
  streamId: string;
  status: 'LIVE' | 'ENDED';
  participants: string[];
  startedAt: string | null;
  viewerCount: number;
  totalViewers: number;
  peakViewerCount: number;
  hostInfo: { userId: string; displayName: string };
}

export type StreamEventType = 'room_started' | 'viewer_count_update' | 'room_ended';

/** One change of one stream, as GET /api/v1/livestreams/events sends it; id increases per stream. */
export interface StreamEventNotice {
  streamId: string;
  type: StreamEventType;
  id: number;
  status: LivestreamStatus;
  viewerCount: number;
}

export type InviteState = 'Active' | 'Expired' | 'Revoked' | 'UsedUp';

/** A link to a private livestream (`/invites/{code}`), made by its creator. */
export interface Invite {
  id: string;
  livestreamId: string;
  code: string;
  state: InviteState;
  /** Null: never expires. */
  expiresAt: string | null;
  /** Null: any number of people. */
  maxUses: number | null;
  uses: number;
  allowGuests: boolean;
  revokedAt: string | null;
  createdAt: string;
}

export interface CreateInviteInput {
  expiresAt?: string;
  maxUses?: number;
  allowGuests?: boolean;
}

/** POST /api/v1/invites/{code}/redeem: the stream the caller may now watch. */
export interface RedeemedInvite {
  livestreamId: string;
}

/** Guests may watch (join as VIEWER) and leave; creating, hosting and ending need an account. */
export type UserKind = 'Account' | 'Guest' | 'External';

/** Who a token belongs to: GET and PATCH /api/v1/auth/me, POST /api/v1/auth/register. */
export interface User {
  /** What livestreams' createdBy and participants' userId hold; a guest's starts with "guest:". */
  id: string;
  displayName: string;
  kind: UserKind;
  /** Built-in accounts only. */
  email: string | null;
}

export interface RegisterInput {
  email: string;
  password: string;
  displayName: string;
}

export interface SignInInput {
  email: string;
  password: string;
}

/** ASP.NET Core Identity's bearer token response, as is (no envelope): login, guest and refresh answer it. */
export interface AccessTokenResponse {
  tokenType: 'Bearer';
  accessToken: string;
  /** Seconds the access token is good for. */
  expiresIn: number;
  refreshToken: string;
}

export interface DataResponse<T> {
  success: true;
  data: T;
}

export interface ListResponse<T> {
  success: true;
  data: T[];
  /** Items in this page, not a total. */
  count: number;
}

export interface MessageResponse {
  success: true;
  message: string;
}

export interface ErrorResponse {
  success: false;
  error: string;
  message: string;
  statusCode?: number;
}

// Live interaction (issue 20): chat, moderation, stage and edits. Each announcement arrives on the stream's /events feed
// as its own event type, with the stream's next event id and the record below as its data.

/** A chat message; `id` increases per stream. */
export interface ChatMessage {
  id: number;
  streamId: string;
  userId: string;
  displayName: string;
  text: string;
  createdAt: string;
}

export interface ChatSettings {
  enabled: boolean;
  guestsMayChat: boolean;
}

/** `chat_message_deleted`, and DELETE /chat/{messageId}'s answer. */
export interface ChatMessageDeleted {
  id: number;
  deletedBy: string;
}

/** `participant_removed`: the user's session ended (LiveKit removed them). */
export interface ParticipantRemoved {
  userId: string;
  reason: string | null;
  by: string;
}

/** `participant_banned`: removed, and refused joins and chat until `until` (null: for good). */
export interface ParticipantBanned {
  userId: string;
  reason: string | null;
  until: string | null;
}

export interface ParticipantUnbanned {
  userId: string;
}

export interface ParticipantMuted {
  userId: string;
  trackSids: string[];
}

/** `hand_raised`, and an entry of the host's queue (GET /stage/hands, oldest first). */
export interface RaisedHand {
  userId: string;
  displayName: string;
  raisedAt: string;
}

export interface HandLowered {
  userId: string;
}

/** `stage_changed`: a viewer brought on stage (publish rights, role HOST) or stepped down. */
export interface StageChanged {
  userId: string;
  displayName: string;
  onStage: boolean;
  by: string;
}

export type ModerationActionKind = 'REMOVE' | 'BAN' | 'UNBAN' | 'MUTE' | 'STAGE_INVITE' | 'STAGE_REMOVE';

/** GET /moderation/actions (the host's log, newest first). */
export interface ModerationAction {
  id: string | number;
  action: ModerationActionKind;
  actorId: string;
  targetId: string;
  reason: string | null;
  createdAt: string;
}

/** GET /moderation/bans: a ban in force (until a time, or for good). */
export interface StreamBan {
  userId: string;
  reason: string | null;
  createdBy: string;
  createdAt: string;
  until: string | null;
  liftedAt: string | null;
}

export interface BanInput {
  userId: string;
  reason?: string;
  durationSeconds?: number;
}

/** PATCH /api/v1/livestreams/{id}: only the fields sent change. */
export interface UpdateLivestreamInput {
  title?: string;
  description?: string;
  maxParticipants?: number;
  emptyTimeout?: number;
  metadata?: JsonObject;
}

/** One announcement from a stream's event feed, by its event type. `resync`: some were missed, reload what is shown. */
export type StreamAnnouncement =
  | { type: 'chat_message'; id: number; data: ChatMessage }
  | { type: 'chat_message_deleted'; id: number; data: ChatMessageDeleted }
  | { type: 'chat_settings'; id: number; data: ChatSettings }
  | { type: 'participant_removed'; id: number; data: ParticipantRemoved }
  | { type: 'participant_banned'; id: number; data: ParticipantBanned }
  | { type: 'participant_unbanned'; id: number; data: ParticipantUnbanned }
  | { type: 'participant_muted'; id: number; data: ParticipantMuted }
  | { type: 'hand_raised'; id: number; data: RaisedHand }
  | { type: 'hand_lowered'; id: number; data: HandLowered }
  | { type: 'stage_changed'; id: number; data: StageChanged }
  | { type: 'stream_updated'; id: number; data: Livestream }
  | { type: 'resync'; id: 0; data: null };

export type StreamAnnouncementType = StreamAnnouncement['type'];

// Audience analytics (issue 21, docs/design/analytics.md §3): the creator's figures for one stream, and for all of
// their streams in a date range. Times are UTC; seconds are whole unless said otherwise.

/** Viewers never include hosts; `peakAt` is the first instant the peak was reached (null: nobody ever watched). */
export interface ViewerFigures {
  /** Watching as of `asOf` (0 once ENDED). */
  current: number;
  peak: number;
  peakAt: string | null;
  unique: number;
  new: number;
  returning: number;
}

export interface HostFigures {
  peak: number;
  peakAt: string | null;
}

export interface WatchFigures {
  totalSeconds: number;
  /** Two decimals. */
  totalMinutes: number;
  averageSeconds: number;
  medianSeconds: number;
  /** Viewers who watched at least 1, 5 and 30 minutes in all. */
  stayedPast: { '1m': number; '5m': number; '30m': number };
}

export interface ChatFigures {
  /** Deleted messages included: they were posted. */
  messages: number;
  /** Distinct authors, the host included. */
  chatters: number;
}

export interface AnalyticsSummary {
  viewers: ViewerFigures;
  hosts: HostFigures;
  watch: WatchFigures;
  chat: ChatFigures;
}

/** Columns: bucket i covers [start + i·resolution, start + (i+1)·resolution); the last one may be shorter. */
export interface AudienceSeries {
  start: string;
  resolution: number;
  /** The most viewers at any instant of the bucket. */
  viewersMax: number[];
  /** Time-weighted mean, two decimals. */
  viewersAvg: number[];
  hostsMax: number[];
}

/** Viewers whose watch time is in [fromSeconds, toSeconds); toSeconds null: the last, open bin. */
export interface WatchTimeBin {
  fromSeconds: number;
  toSeconds: number | null;
  viewers: number;
}

/** `retained[j]`: viewers present at minute N and at minute N + offsetsMinutes[j]; null when that is not reached yet. */
export interface RetentionRow {
  minute: number;
  present: number;
  retained: (number | null)[];
}

export interface RetentionFigures {
  offsetsMinutes: number[];
  rows: RetentionRow[];
}

/** GET /api/v1/livestreams/{id}/analytics?resolution= (the creator's only). `final`: an ENDED stream's last word. */
export interface StreamAnalytics {
  streamId: string;
  status: 'LIVE' | 'ENDED';
  final: boolean;
  startedAt: string;
  endedAt: string | null;
  asOf: string;
  computedAt: string;
  /** Seconds per bucket; may be coarser than asked for (old streams keep only 60-s series). */
  resolution: number;
  summary: AnalyticsSummary;
  series: AudienceSeries;
  distribution: WatchTimeBin[];
  retention: RetentionFigures;
}

/** One of the creator's streams on the dashboard. */
export interface DashboardStream {
  id: string;
  title: string;
  status: LivestreamStatus;
  startedAt: string;
  endedAt: string | null;
  durationSeconds: number;
  final: boolean;
  summary: AnalyticsSummary;
}

export interface DashboardTotals {
  streams: number;
  watchMinutes: number;
  /** The highest peak of the range. */
  peakViewers: number;
  /** Distinct identities across the range, the creator excluded. */
  uniqueViewers: number;
  chatMessages: number;
}

/** GET /api/v1/analytics/livestreams?from&to&limit&offset: the caller's streams started in [from, to), newest first. */
export interface CreatorDashboard {
  /** The range the Api used (its default when none was asked for). */
  from: string;
  to: string;
  /** This page of streams. */
  streams: DashboardStream[];
  /** Every stream in the range. */
  count: number;
  /** Over every stream in the range, not just this page. */
  totals: DashboardTotals;
}
