import { useMutation, useQueryClient } from '@tanstack/react-query';
import { livestreamKeys } from '@/features/livestreams/api/query-keys';
import { apiRequest } from '@/lib/api-client';
import type { BanInput, DataResponse, ListResponse, ModerationAction, Participant, RaisedHand, StreamBan } from '@/types/api';

// The host's hand on a live stream (/moderation/…) and the stage (/stage/…), under /api/v1/livestreams/{id}. Every write
// but raising, lowering one's hand and stepping down oneself is the host's (its creator's) alone.

const streamPath = (streamId: string) => `/livestreams/${encodeURIComponent(streamId)}`;

/** How many of the newest joined sessions the participant list shows (the Api's largest page). */
export const participantsShown = 100;

export const moderationKeys = {
  all: (streamId: string) => [...livestreamKeys.all, 'moderation', streamId] as const,
  participants: (streamId: string) => [...moderationKeys.all(streamId), 'participants'] as const,
  hands: (streamId: string) => [...moderationKeys.all(streamId), 'hands'] as const,
  actions: (streamId: string) => [...moderationKeys.all(streamId), 'actions'] as const,
  bans: (streamId: string) => [...moderationKeys.all(streamId), 'bans'] as const,
  sessions: (streamId: string) => [...moderationKeys.all(streamId), 'sessions'] as const,
};

/** Who is in the stream now (joined sessions, newest first). */
export async function getJoinedParticipants(streamId: string, signal?: AbortSignal): Promise<Participant[]> {
  const path = `${streamPath(streamId)}/participants?status=JOINED&limit=${participantsShown}`;
  return (await apiRequest<ListResponse<Participant>>(path, { signal, auth: 'optional' })).data;
}

/**
 * The newest sessions whatever their status (people who left or were removed too): where the host's log and ban list find
 * the names of the people they name.
 */
export async function getRecentSessions(streamId: string, signal?: AbortSignal): Promise<Participant[]> {
  const path = `${streamPath(streamId)}/participants?limit=${participantsShown}`;
  return (await apiRequest<ListResponse<Participant>>(path, { signal, auth: 'optional' })).data;
}

/** Bans in force (the host's). */
export async function getBans(streamId: string, signal?: AbortSignal): Promise<StreamBan[]> {
  return (await apiRequest<ListResponse<StreamBan>>(`${streamPath(streamId)}/moderation/bans`, { signal, auth: true })).data;
}

/** Raised hands, oldest first (the host's queue). */
export async function getRaisedHands(streamId: string, signal?: AbortSignal): Promise<RaisedHand[]> {
  return (await apiRequest<ListResponse<RaisedHand>>(`${streamPath(streamId)}/stage/hands`, { signal, auth: true })).data;
}

/** The host's log, newest first. */
export async function getModerationActions(streamId: string, signal?: AbortSignal): Promise<ModerationAction[]> {
  return (await apiRequest<ListResponse<ModerationAction>>(`${streamPath(streamId)}/moderation/actions`, { signal, auth: true })).data;
}

/** The moderation and stage writes, each a POST or DELETE with an optional body; their answers are not read. */
export type StreamAction =
  | { kind: 'remove'; userId: string; reason?: string }
  | { kind: 'ban'; input: BanInput }
  | { kind: 'mute'; userId: string }
  | { kind: 'invite'; userId: string }
  | { kind: 'step-down'; userId: string }
  | { kind: 'unban'; userId: string }
  | { kind: 'raise-hand' }
  | { kind: 'lower-hand' };

export async function sendStreamAction(streamId: string, action: StreamAction): Promise<void> {
  const base = streamPath(streamId);
  const post = (path: string, body?: unknown) =>
    apiRequest<DataResponse<unknown>>(`${base}${path}`, { method: 'POST', body, auth: true });
  switch (action.kind) {
    case 'remove':
      await post('/moderation/remove', { userId: action.userId, ...(action.reason ? { reason: action.reason } : {}) });
      return;
    case 'ban':
      await post('/moderation/bans', action.input);
      return;
    case 'mute':
      await post('/moderation/mute', { userId: action.userId });
      return;
    case 'invite':
      await post('/stage/invite', { userId: action.userId });
      return;
    case 'step-down':
      await post('/stage/remove', { userId: action.userId });
      return;
    case 'unban':
      await apiRequest(`${base}/moderation/bans/${encodeURIComponent(action.userId)}`, { method: 'DELETE', auth: true });
      return;
    case 'raise-hand':
      await post('/stage/hand');
      return;
    case 'lower-hand':
      await apiRequest(`${base}/stage/hand`, { method: 'DELETE', auth: true });
      return;
  }
}

/** One action; afterwards what it changed is read again (its events update the page too, and sooner). */
export function useStreamAction(streamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: StreamAction) => sendStreamAction(streamId, action),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: moderationKeys.all(streamId) }),
  });
}

/** Ban lengths the host picks from; null: until lifted. */
export const banDurations: readonly { label: string; seconds: number | null }[] = [
  { label: '10 minutes', seconds: 600 },
  { label: '1 hour', seconds: 3_600 },
  { label: '1 day', seconds: 86_400 },
  { label: '1 week', seconds: 604_800 },
  { label: 'Until lifted', seconds: null },
];

/** The ban request: reason trimmed and left out when empty, duration left out for a ban until lifted. */
export function banInput(userId: string, reason: string, durationSeconds: number | null): BanInput {
  const trimmed = reason.trim();
  return {
    userId,
    ...(trimmed ? { reason: trimmed } : {}),
    ...(durationSeconds !== null ? { durationSeconds } : {}),
  };
}

/** One entry per user (a session each), the creator first, then people on stage, then viewers by name. */
export function orderPeople(participants: Participant[], creatorId: string): Participant[] {
  const seen = new Set<string>();
  const rank = (participant: Participant) => (participant.userId === creatorId ? 0 : participant.role === 'HOST' ? 1 : 2);
  return participants
    .filter((participant) => !seen.has(participant.userId) && Boolean(seen.add(participant.userId)))
    .sort((a, b) => rank(a) - rank(b) || a.displayName.localeCompare(b.displayName));
}
