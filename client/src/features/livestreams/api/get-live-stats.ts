import { queryOptions, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { ListResponse, LivestreamStatus, StreamState } from '@/types/api';
import { livestreamKeys } from './query-keys';

/** What a card shows live: kept current by the events endpoint once fetched. */
export interface LiveStats {
  status: LivestreamStatus;
  viewerCount: number;
  /** The last applied event's id for this stream; 0 when the numbers came from GET /state. */
  eventId: number;
}

/** The Api answers at most this many ids per request. */
const maxIdsPerRequest = 100;

interface Waiting {
  resolve: (stats: LiveStats | null) => void;
  reject: (error: unknown) => void;
}

let waiting: Map<string, Waiting[]> | undefined;

/**
 * One stream's live numbers, or null when it has no live state (never went live, or the state expired).
 * Every card of a page asks in the same tick: those asks go out as one GET /livestreams/state?ids=…, so a page
 * costs one request against the Api's rate limit, not one per card.
 */
export function getLiveStats(id: string): Promise<LiveStats | null> {
  return new Promise((resolve, reject) => {
    if (!waiting) {
      waiting = new Map();
      queueMicrotask(sendWaiting);
    }
    waiting.set(id, [...(waiting.get(id) ?? []), { resolve, reject }]);
  });
}

function sendWaiting(): void {
  const batch = waiting ?? new Map<string, Waiting[]>();
  waiting = undefined;
  const ids = [...batch.keys()];
  for (let start = 0; start < ids.length; start += maxIdsPerRequest) {
    void send(ids.slice(start, start + maxIdsPerRequest), batch);
  }
}

async function send(ids: string[], batch: Map<string, Waiting[]>): Promise<void> {
  try {
    const query = ids.map(encodeURIComponent).join(',');
    const response = await apiRequest<ListResponse<StreamState>>(`/livestreams/state?ids=${query}`, { auth: 'optional' });
    const states = new Map(response.data.map((state) => [state.streamId.toLowerCase(), state]));
    for (const id of ids) {
      const state = states.get(id.toLowerCase());
      const stats = state ? { status: state.status, viewerCount: state.viewerCount, eventId: 0 } : null;
      batch.get(id)?.forEach((w) => w.resolve(stats));
    }
  } catch (error) {
    for (const id of ids) {
      batch.get(id)?.forEach((w) => w.reject(error));
    }
  }
}

export const liveStatsQueryOptions = (id: string, queryClient: QueryClient) =>
  queryOptions({
    queryKey: livestreamKeys.live(id),
    queryFn: async () => {
      const before = queryClient.getQueryData<LiveStats | null>(livestreamKeys.live(id))?.eventId;
      const fetched = await getLiveStats(id);
      // An event applied while this request was out is at least as new as the answer: keep it.
      const current = queryClient.getQueryData<LiveStats | null>(livestreamKeys.live(id));
      return current && current.eventId !== (before ?? 0) ? current : fetched;
    },
    // Events keep it current (see use-livestream-events.ts); they refetch it when they may have missed some.
    staleTime: Infinity,
  });

export function useLiveStats(id: string, enabled: boolean) {
  const queryClient = useQueryClient();
  return useQuery({ ...liveStatsQueryOptions(id, queryClient), enabled });
}
