/** Every analytics query key. */
export const analyticsKeys = {
  all: ['analytics'] as const,
  stream: (streamId: string) => [...analyticsKeys.all, 'stream', streamId] as const,
  streamAt: (streamId: string, resolution: number) => [...analyticsKeys.stream(streamId), resolution] as const,
  dashboard: (params: DashboardParams) => [...analyticsKeys.all, 'dashboard', params] as const,
};

export interface DashboardParams {
  /** Instants (ISO 8601, UTC): streams started in [from, to). */
  from: string;
  to: string;
  limit: number;
  offset: number;
}
