import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { liveAnalytics, scenarioAnalytics } from '@/testing/analytics-fixtures';
import { FakeAnalyticsApi } from '@/testing/fake-analytics-api';
import { ada, FakeAuthApi } from '@/testing/fake-auth-api';
import { resetSession, signInAs } from '@/testing/session';
import { createTestQueryClient, streamState, withQueryClient } from '@/testing/test-utils';
import type { StreamState } from '@/types/api';
import LiveAudienceChart from './live-audience-chart';

const streamId = scenarioAnalytics.streamId;
/** As of 25 s in: three 10-s buckets, 2 viewers now. */
const fetchedLive = liveAnalytics(streamId, '2026-01-01T12:00:00Z', '2026-01-01T12:00:25Z', [0, 1, 2]);

describe('LiveAudienceChart', () => {
  let api: FakeAuthApi;
  let analyticsApi: FakeAnalyticsApi;
  const analyticsCalls = () => api.calls.filter((call) => call.path.startsWith(`/livestreams/${streamId}/analytics`));

  beforeEach(async () => {
    api = new FakeAuthApi();
    analyticsApi = new FakeAnalyticsApi(api, ada);
    analyticsApi.analytics = fetchedLive;
    api.route = analyticsApi.route;
    await signInAs(api, ada);
    // Ticks and "now" under the test's control; fetches and React's scheduling stay real.
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await resetSession();
    vi.unstubAllGlobals();
  });

  function renderChart(state: StreamState | null) {
    const Wrapper = withQueryClient(createTestQueryClient());
    const view = (next: StreamState | null, ended = false) => (
      <Wrapper>
        <LiveAudienceChart streamId={streamId} state={next} ended={ended} />
      </Wrapper>
    );
    const result = render(view(state));
    return { ...result, update: (next: StreamState | null, ended?: boolean) => result.rerender(view(next, ended)) };
  }

  const chart = () => screen.getByTestId('live-audience-chart');
  const attribute = (name: string) => chart().getAttribute(`data-${name}`);

  it('fetches the history once at 10-s resolution, then follows the live counts in the current bucket', async () => {
    const { update } = renderChart(null);
    await screen.findByTestId('live-audience-chart');
    expect(analyticsCalls().map((call) => call.path)).toEqual([`/livestreams/${streamId}/analytics?resolution=10`]);
    expect([attribute('buckets'), attribute('viewers')]).toEqual(['3', '2']);

    // A viewer_count_update: 4 viewers and the host (5 connected).
    update(streamState({ streamId, participants: ['host', 'a', 'b', 'c', 'd'], viewerCount: 4 }));
    expect([attribute('buckets'), attribute('viewers'), attribute('hosts')]).toEqual(['3', '4', '1']);
    update(streamState({ streamId, participants: ['host'], viewerCount: 0 }));
    expect([attribute('buckets'), attribute('viewers')]).toEqual(['3', '0']);
    expect(analyticsCalls()).toHaveLength(1);
  });

  it('opens a new bucket every 10 s, and fetches again every minute', async () => {
    renderChart(null);
    await screen.findByTestId('live-audience-chart');
    act(() => {
      vi.advanceTimersByTime(10_000);
    });
    expect(attribute('buckets')).toBe('4');
    act(() => {
      vi.advanceTimersByTime(50_000);
    });
    await vi.waitFor(() => expect(analyticsCalls()).toHaveLength(2));
  });

  it('shows the final series once the room ends', async () => {
    const { update } = renderChart(null);
    await screen.findByTestId('live-audience-chart');
    analyticsApi.analytics = scenarioAnalytics;
    update(streamState({ streamId, status: 'ENDED' }), true);
    await vi.waitFor(() => expect(attribute('final')).toBe('true'));
    expect(analyticsCalls()).toHaveLength(2);
    // The scenario's ten 60-s buckets.
    expect(attribute('buckets')).toBe('10');
  });
});
