import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { DataResponse, StreamAnalytics } from '@/types/api';
import { analyticsKeys } from './query-keys';

/** The creator's figures for one stream, with its series in buckets of `resolution` seconds. */
export async function getStreamAnalytics(streamId: string, resolution: number, signal?: AbortSignal): Promise<StreamAnalytics> {
  const path = `/livestreams/${encodeURIComponent(streamId)}/analytics?resolution=${resolution}`;
  return (await apiRequest<DataResponse<StreamAnalytics>>(path, { signal, auth: true })).data;
}

export const streamAnalyticsQueryOptions = (streamId: string, resolution: number) =>
  queryOptions({
    queryKey: analyticsKeys.streamAt(streamId, resolution),
    queryFn: ({ signal }) => getStreamAnalytics(streamId, resolution, signal),
    // Final figures never change; live ones are out of date as soon as they arrive (the host's chart and the analytics
    // page share them, and a page opened later must not show the chart's old answer until the next refresh).
    staleTime: (query) => (query.state.data?.final ? Infinity : 0),
  });

/** `refreshEveryMs`: while the stream is live, its figures move; an ENDED stream's final figures do not. */
export function useStreamAnalytics(streamId: string, resolution: number, { refreshEveryMs }: { refreshEveryMs?: number } = {}) {
  return useQuery({
    ...streamAnalyticsQueryOptions(streamId, resolution),
    refetchInterval: (query) => (query.state.data?.final ? false : (refreshEveryMs ?? false)),
  });
}
