import dashboard from '../../e2e/fixtures/analytics-dashboard.json';
import scenario from '../../e2e/fixtures/analytics-scenario.json';
import type { CreatorDashboard, DataResponse, StreamAnalytics } from '@/types/api';

// The same answers the Playwright tests route: docs/design/analytics.md §5's scenario at 60-s resolution, and a dashboard
// that includes it.

export const scenarioAnswer = scenario as DataResponse<StreamAnalytics>;
export const scenarioAnalytics = scenarioAnswer.data;
export const dashboardAnswer = dashboard as DataResponse<CreatorDashboard>;
