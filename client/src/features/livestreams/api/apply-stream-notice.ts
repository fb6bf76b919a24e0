import type { QueryClient } from '@tanstack/react-query';
import type { Livestream, LivestreamStatus, StreamEventNotice } from '@/types/api';
import type { LiveStats } from './get-live-stats';
import { livestreamKeys } from './query-keys';

/** What became of a notice: applied, older than what the cache has, or about a stream no query holds. */
export type NoticeOutcome = 'applied' | 'stale' | 'unknown-stream';

/**
 * Applies one event from the all-streams endpoint to the cache: the stream's live numbers, and its status in
 * every cached list page and its detail. Ids increase per stream, so a notice not newer than the last applied
 * one changes nothing.
 */
export function applyStreamNotice(queryClient: QueryClient, notice: StreamEventNotice): NoticeOutcome {
  const liveKey = livestreamKeys.live(notice.streamId);
  const stats = queryClient.getQueryData<LiveStats | null>(liveKey);
  if (stats && notice.id <= stats.eventId) {
    return 'stale';
  }
  const known = patchLivestreamStatus(queryClient, notice.streamId, notice.status) || stats !== undefined;
  if (!known) {
    return 'unknown-stream';
  }
  queryClient.setQueryData<LiveStats>(liveKey, { status: notice.status, viewerCount: notice.viewerCount, eventId: notice.id });
  return 'applied';
}

/** Sets a stream's status wherever the cache holds it. Returns whether any query held the stream. */
export function patchLivestreamStatus(queryClient: QueryClient, streamId: string, status: LivestreamStatus): boolean {
  let found = false;
  for (const [key, page] of queryClient.getQueriesData<Livestream[]>({ queryKey: livestreamKeys.lists() })) {
    if (!page?.some((stream) => stream.id === streamId)) {
      continue;
    }
    found = true;
    queryClient.setQueryData<Livestream[]>(key, withStatus(page, streamId, status));
  }
  const detailKey = livestreamKeys.detail(streamId);
  const detail = queryClient.getQueryData<Livestream>(detailKey);
  if (detail) {
    found = true;
    if (detail.status !== status) {
      queryClient.setQueryData<Livestream>(detailKey, { ...detail, status });
    }
  }
  return found;
}

function withStatus(page: Livestream[], streamId: string, status: LivestreamStatus): Livestream[] {
  return page.map((stream) => (stream.id === streamId && stream.status !== status ? { ...stream, status } : stream));
}

/**
 * A stream as an edit left it (`stream_updated`, or the PATCH answer), wherever the cache holds it: its detail and every
 * list page with it. One older than what is held (by `updatedAt`) changes nothing. Returns whether any query held it.
 */
export function applyLivestreamUpdate(queryClient: QueryClient, stream: Livestream): boolean {
  const isNewer = (held: Livestream) => Date.parse(stream.updatedAt) >= Date.parse(held.updatedAt);
  let found = false;
  for (const [key, page] of queryClient.getQueriesData<Livestream[]>({ queryKey: livestreamKeys.lists() })) {
    if (!page?.some((held) => held.id === stream.id)) {
      continue;
    }
    found = true;
    queryClient.setQueryData<Livestream[]>(
      key,
      page.map((held) => (held.id === stream.id && isNewer(held) ? stream : held)),
    );
  }
  const detailKey = livestreamKeys.detail(stream.id);
  const detail = queryClient.getQueryData<Livestream>(detailKey);
  if (detail) {
    found = true;
    if (isNewer(detail)) {
      queryClient.setQueryData<Livestream>(detailKey, stream);
    }
  }
  return found;
}
