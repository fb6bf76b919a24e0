import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { CreatorDashboard, DataResponse } from '@/types/api';
import { analyticsKeys, type DashboardParams } from './query-keys';

/** The caller's streams started in [from, to), newest first, with their figures and the range's totals. */
export async function getCreatorDashboard(params: DashboardParams, signal?: AbortSignal): Promise<CreatorDashboard> {
  const query = new URLSearchParams({ from: params.from, to: params.to, limit: String(params.limit), offset: String(params.offset) });
  return (await apiRequest<DataResponse<CreatorDashboard>>(`/analytics/livestreams?${query}`, { signal, auth: true })).data;
}

export const creatorDashboardQueryOptions = (params: DashboardParams) =>
  queryOptions({
    queryKey: analyticsKeys.dashboard(params),
    queryFn: ({ signal }) => getCreatorDashboard(params, signal),
    // The page being left stays on screen until the next one arrives.
    placeholderData: keepPreviousData,
  });

export const useCreatorDashboard = (params: DashboardParams, enabled = true) => useQuery({ ...creatorDashboardQueryOptions(params), enabled });
