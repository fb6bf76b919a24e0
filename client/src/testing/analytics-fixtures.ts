import dashboard from '../../e2e/fixtures/analytics-dashboard.json';
import scenario from '../../e2e/fixtures/analytics-scenario.json';
import type { CreatorDashboard, DataResponse, StreamAnalytics } from '@/types/api';

// The same answers the Playwright tests route: docs/design/analytics.md §5's scenario at 60-s resolution, and a dashboard
// that includes it.

export const scenarioAnswer = scenario as DataResponse<StreamAnalytics>;
export const scenarioAnalytics = scenarioAnswer.data;
export const dashboardAnswer = dashboard as DataResponse<CreatorDashboard>;

/** A live stream's answer at 10-s resolution, as of `asOf`: `viewers` per bucket (hosts 1 throughout). */
export function liveAnalytics(streamId: string, startedAt: string, asOf: string, viewers: number[]): StreamAnalytics {
  const { summary } = scenarioAnalytics;
  return {
    ...scenarioAnalytics,
    streamId,
    status: 'LIVE',
    final: false,
    startedAt,
    endedAt: null,
    asOf,
    computedAt: asOf,
    resolution: 10,
    summary: { ...summary, viewers: { ...summary.viewers, current: viewers.at(-1) ?? 0 } },
    series: { start: startedAt, resolution: 10, viewersMax: viewers, viewersAvg: viewers, hostsMax: viewers.map(() => 1) },
  };
}
