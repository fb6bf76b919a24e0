import { queryOptions, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiError, apiRequest } from '@/lib/api-client';
import type { DataResponse, LivestreamStatus, StreamState } from '@/types/api';
import { livestreamKeys } from './query-keys';

/** What a card shows live: kept current by the events endpoint once fetched. */
export interface LiveStats {
  status: LivestreamStatus;
  viewerCount: number;
  /** The last applied event's id for this stream; 0 when the numbers came from GET /state. */
  eventId: number;
}

export async function getLiveStats(id: string, signal?: AbortSignal): Promise<LiveStats | null> {
  try {
    const response = await apiRequest<DataResponse<StreamState>>(`/livestreams/${encodeURIComponent(id)}/state`, { signal });
    return { status: response.data.status, viewerCount: response.data.viewerCount, eventId: 0 };
  } catch (error) {
    // No live state: the stream never went live, or its state expired.
    if (error instanceof ApiError && error.status === 404) {
      return null;
    }
    throw error;
  }
}

export const liveStatsQueryOptions = (id: string, queryClient: QueryClient) =>
  queryOptions({
    queryKey: livestreamKeys.live(id),
    queryFn: async ({ signal }) => {
      const before = queryClient.getQueryData<LiveStats | null>(livestreamKeys.live(id))?.eventId;
      const fetched = await getLiveStats(id, signal);
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
