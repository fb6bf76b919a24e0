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
