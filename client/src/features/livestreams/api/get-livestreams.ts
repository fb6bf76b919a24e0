import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { ListResponse, Livestream } from '@/types/api';
import { livestreamKeys, type LivestreamListParams } from './query-keys';

/** With the token when someone is signed in: the list then includes their own private streams. */
export async function getLivestreams(params: LivestreamListParams, signal?: AbortSignal): Promise<Livestream[]> {
  const query = new URLSearchParams({ limit: String(params.limit), offset: String(params.offset) });
  if (params.status) {
    query.set('status', params.status);
  }
  if (params.createdBy) {
    query.set('createdBy', params.createdBy);
  }
  const response = await apiRequest<ListResponse<Livestream>>(`/livestreams?${query}`, { signal, auth: 'optional' });
  return response.data;
}

export const livestreamsQueryOptions = (params: LivestreamListParams) =>
  queryOptions({
    queryKey: livestreamKeys.list(params),
    queryFn: ({ signal }) => getLivestreams(params, signal),
    // The page being left stays on screen until the next one arrives.
    placeholderData: keepPreviousData,
  });

export const useLivestreams = (params: LivestreamListParams) => useQuery(livestreamsQueryOptions(params));
