import type { CreatorDashboard, StreamAnalytics, User } from '@/types/api';
import { dashboardAnswer, scenarioAnalytics } from './analytics-fixtures';
import { error, type FakeAuthApi, type RecordedCall } from './fake-auth-api';
import { jsonResponse } from './test-utils';

/**
 * The analytics endpoints of docs/design/analytics.md §3 for one stream of `creator` and their dashboard. Anyone else
 * gets 403; `refusal`, when set, answers the stream's analytics instead.
 */
export class FakeAnalyticsApi {
  analytics: StreamAnalytics = scenarioAnalytics;
  dashboard: CreatorDashboard = dashboardAnswer.data;
  refusal: Response | undefined;
  private readonly auth: FakeAuthApi;
  private readonly creator: User;

  constructor(auth: FakeAuthApi, creator: User) {
    this.auth = auth;
    this.creator = creator;
  }

  readonly route = (call: RecordedCall): Response | undefined => {
    const url = new URL(call.path, 'http://api.test');
    const caller = this.auth.userOf(call.token);
    const refuse = () => (caller ? error(403, 'AuthorizationError', 'Only the creator') : error(401, 'AuthenticationError', 'Sign in'));
    const base = `/livestreams/${this.analytics.streamId}/analytics`;
    if (url.pathname === '/analytics/livestreams') {
      return caller?.id === this.creator.id ? jsonResponse(200, { success: true, data: this.dashboard }) : refuse();
    }
    if (!url.pathname.startsWith(base)) {
      return undefined;
    }
    if (caller?.id !== this.creator.id) {
      return refuse();
    }
    if (url.pathname === base) {
      return this.refusal ?? jsonResponse(200, { success: true, data: this.analytics });
    }
    const file = url.pathname.slice(base.length + 1);
    const name = file === 'series.csv' ? `${this.analytics.streamId}-series-${url.searchParams.get('resolution') ?? '10'}s.csv` : `${this.analytics.streamId}-viewers.csv`;
    return new Response('bucket_start_utc,seconds_from_start\n', {
      status: 200,
      headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"` },
    });
  };
}
