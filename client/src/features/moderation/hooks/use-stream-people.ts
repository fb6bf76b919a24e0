import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useStreamAnnouncement } from '@/features/livestreams/hooks/stream-announcements';
import type { Participant, RaisedHand, StreamAnnouncement, StreamBan } from '@/types/api';
import { getBans, getJoinedParticipants, getModerationActions, getRaisedHands, getRecentSessions, moderationKeys } from '../api/moderation';

/** Live-state events (someone connected or left) read the participant list again at most this often. */
const participantsRefreshDelayMs = 500;

/** The people list as an announcement leaves it (removed and banned people gone, stage moves applied). */
export function applyToParticipants(participants: Participant[], announcement: StreamAnnouncement): Participant[] {
  switch (announcement.type) {
    case 'participant_removed':
    case 'participant_banned':
      return participants.filter((participant) => participant.userId !== announcement.data.userId);
    case 'stage_changed': {
      const { userId, onStage } = announcement.data;
      return participants.map((participant) =>
        participant.userId === userId ? { ...participant, role: onStage ? 'HOST' : 'VIEWER' } : participant,
      );
    }
    default:
      return participants;
  }
}

/** The host's queue as an announcement leaves it: raised hands join the end; lowered, staged, removed ones go. */
export function applyToHands(hands: RaisedHand[], announcement: StreamAnnouncement): RaisedHand[] {
  switch (announcement.type) {
    case 'hand_raised':
      return hands.some((hand) => hand.userId === announcement.data.userId) ? hands : [...hands, announcement.data];
    case 'hand_lowered':
    case 'participant_removed':
    case 'participant_banned':
      return hands.filter((hand) => hand.userId !== announcement.data.userId);
    case 'stage_changed':
      return announcement.data.onStage ? hands.filter((hand) => hand.userId !== announcement.data.userId) : hands;
    default:
      return hands;
  }
}

const peopleEvents = new Set<StreamAnnouncement['type']>(['participant_removed', 'participant_banned', 'stage_changed', 'resync']);

/**
 * Who is in the stream (joined sessions), kept current by the stream's events: moderation and stage announcements apply
 * at once, and each change of the live state (`stateEventId`: someone joined or left) reads the list again.
 */
export function useParticipants(streamId: string, stateEventId: number, enabled: boolean) {
  const queryClient = useQueryClient();
  const key = moderationKeys.participants(streamId);
  const participants = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => getJoinedParticipants(streamId, signal),
    enabled,
  });

  useStreamAnnouncement((announcement) => {
    if (!peopleEvents.has(announcement.type)) {
      return;
    }
    queryClient.setQueryData<Participant[]>(key, (current) => current && applyToParticipants(current, announcement));
    void queryClient.invalidateQueries({ queryKey: key });
  });

  useEffect(() => {
    if (!enabled || stateEventId === 0) {
      return;
    }
    const timer = setTimeout(
      () => void queryClient.invalidateQueries({ queryKey: moderationKeys.participants(streamId) }),
      participantsRefreshDelayMs,
    );
    return () => clearTimeout(timer);
  }, [queryClient, streamId, stateEventId, enabled]);

  return participants;
}

/** The host's hand-raise queue, oldest first, kept current by `hand_raised`, `hand_lowered` and stage moves. */
export function useHandQueue(streamId: string, enabled: boolean) {
  const queryClient = useQueryClient();
  const key = moderationKeys.hands(streamId);
  const hands = useQuery({ queryKey: key, queryFn: ({ signal }) => getRaisedHands(streamId, signal), enabled });

  useStreamAnnouncement((announcement) => {
    if (!enabled) {
      return;
    }
    if (announcement.type === 'resync') {
      void queryClient.invalidateQueries({ queryKey: key });
      return;
    }
    queryClient.setQueryData<RaisedHand[]>(key, (current) => current && applyToHands(current, announcement));
  });

  return hands;
}

const loggedEvents = new Set<StreamAnnouncement['type']>([
  'participant_removed',
  'participant_banned',
  'participant_unbanned',
  'participant_muted',
  'stage_changed',
  'resync',
]);

/** The host's moderation log, newest first, read again after each action it records. */
export function useModerationLog(streamId: string, enabled: boolean) {
  const queryClient = useQueryClient();
  const key = moderationKeys.actions(streamId);
  const actions = useQuery({ queryKey: key, queryFn: ({ signal }) => getModerationActions(streamId, signal), enabled });

  useStreamAnnouncement((announcement) => {
    if (enabled && loggedEvents.has(announcement.type)) {
      void queryClient.invalidateQueries({ queryKey: key });
    }
  });

  return actions;
}

/** The bans in force (the host's), read again when one is made or lifted. */
export function useBans(streamId: string, enabled: boolean) {
  const queryClient = useQueryClient();
  const key = moderationKeys.bans(streamId);
  const bans = useQuery({ queryKey: key, queryFn: ({ signal }) => getBans(streamId, signal), enabled });

  useStreamAnnouncement((announcement) => {
    if (announcement.type === 'participant_unbanned') {
      queryClient.setQueryData<StreamBan[]>(key, (current) => current?.filter((ban) => ban.userId !== announcement.data.userId));
    }
    if (enabled && (announcement.type === 'participant_banned' || announcement.type === 'participant_unbanned' || announcement.type === 'resync')) {
      void queryClient.invalidateQueries({ queryKey: key });
    }
  });

  return bans;
}

/**
 * A user id's display name as the stream's recent sessions know it (people who left or were removed too); the id itself
 * when none does. `you` names the person viewing.
 */
export function useNameOf(streamId: string, enabled: boolean, you: { id: string; displayName: string } | null): (userId: string) => string {
  const sessions = useQuery({
    queryKey: moderationKeys.sessions(streamId),
    queryFn: ({ signal }) => getRecentSessions(streamId, signal),
    enabled,
  });
  return (userId) => {
    if (you?.id === userId) {
      return `${you.displayName} (you)`;
    }
    return sessions.data?.find((session) => session.userId === userId)?.displayName ?? userId;
  };
}

/** What happened to this person: removed by the host, or banned (until a time, or for good). */
export interface Removal {
  kind: 'removed' | 'banned';
  reason: string | null;
  /** A timed ban's end. */
  until: string | null;
}

/** Set when an announcement says the host removed or banned `userId` (the person viewing). */
export function useRemoval(userId: string | undefined): Removal | null {
  const [removal, setRemoval] = useState<{ userId: string; removal: Removal } | null>(null);
  useStreamAnnouncement((announcement) => {
    if (!userId) {
      return;
    }
    if (announcement.type === 'participant_removed' && announcement.data.userId === userId) {
      setRemoval({ userId, removal: { kind: 'removed', reason: announcement.data.reason, until: null } });
    } else if (announcement.type === 'participant_banned' && announcement.data.userId === userId) {
      setRemoval({ userId, removal: { kind: 'banned', reason: announcement.data.reason, until: announcement.data.until } });
    } else if (announcement.type === 'participant_unbanned' && announcement.data.userId === userId) {
      setRemoval(null);
    }
  });
  return removal && removal.userId === userId ? removal.removal : null;
}

/**
 * Whether this person's hand is up: set by their own raise, cleared by their lower, by `hand_lowered` naming them and by
 * being brought on stage.
 */
export function useOwnHand(userId: string | undefined): [boolean, (raised: boolean) => void] {
  const [raised, setRaised] = useState(false);
  useStreamAnnouncement((announcement) => {
    if (
      (announcement.type === 'hand_lowered' && announcement.data.userId === userId) ||
      (announcement.type === 'stage_changed' && announcement.data.userId === userId)
    ) {
      setRaised(false);
    } else if (announcement.type === 'hand_raised' && announcement.data.userId === userId) {
      setRaised(true);
    }
  });
  return [raised, setRaised];
}
