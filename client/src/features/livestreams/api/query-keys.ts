import type { LivestreamStatus } from '@/types/api';

export interface LivestreamListParams {
  status?: LivestreamStatus;
  /** Only this user's streams ("Your streams"). */
  createdBy?: string;
  limit: number;
  offset: number;
}

/** Every livestream query key, so cache updates from events can find what they patch. */
export const livestreamKeys = {
  all: ['livestreams'] as const,
  lists: () => [...livestreamKeys.all, 'list'] as const,
  list: (params: LivestreamListParams) => [...livestreamKeys.lists(), params] as const,
  details: () => [...livestreamKeys.all, 'detail'] as const,
  detail: (id: string) => [...livestreamKeys.details(), id] as const,
  lives: () => [...livestreamKeys.all, 'live'] as const,
  live: (id: string) => [...livestreamKeys.lives(), id] as const,
  /** A private stream's invites (its creator's view). */
  invites: (id: string) => [...livestreamKeys.all, 'invites', id] as const,
  /** Redeeming an invite, per identity (redeeming again is harmless: the Api lets the same person in once). */
  redeem: (code: string, userId: string) => [...livestreamKeys.all, 'redeem', code, userId] as const,
};
