import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { DataResponse, Livestream } from '@/types/api';
import { livestreamKeys } from './query-keys';

/** A private stream answers 404 to anyone but its creator and people invited: the token goes along when there is one. */
export async function getLivestream(id: string, signal?: AbortSignal): Promise<Livestream> {
  const response = await apiRequest<DataResponse<Livestream>>(`/livestreams/${encodeURIComponent(id)}`, { signal, auth: 'optional' });
  return response.data;
}

export const livestreamQueryOptions = (id: string) =>
  queryOptions({
    queryKey: livestreamKeys.detail(id),
    queryFn: ({ signal }) => getLivestream(id, signal),
  });

export const useLivestream = (id: string) => useQuery(livestreamQueryOptions(id));
