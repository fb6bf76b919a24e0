import type { QueryClient } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '@/lib/react-query';
import { liveAnalytics, scenarioAnalytics } from '@/testing/analytics-fixtures';
import { FakeAnalyticsApi } from '@/testing/fake-analytics-api';
import { ada, FakeAuthApi } from '@/testing/fake-auth-api';
import { resetSession, signInAs } from '@/testing/session';
import { createTestQueryClient, withQueryClient } from '@/testing/test-utils';
import { analyticsKeys } from './query-keys';
import { useStreamAnalytics } from './get-stream-analytics';

const streamId = scenarioAnalytics.streamId;

describe('useStreamAnalytics', () => {
  let api: FakeAuthApi;
  const analyticsCalls = () => api.calls.filter((call) => call.path.startsWith(`/livestreams/${streamId}/analytics`));

  beforeEach(async () => {
    api = new FakeAuthApi();
    api.route = new FakeAnalyticsApi(api, ada).route;
    await signInAs(api, ada);
  });
  afterEach(async () => {
    await resetSession();
    vi.unstubAllGlobals();
  });

  function renderWithCached(cached: typeof scenarioAnalytics, queryClient: QueryClient) {
    queryClient.setQueryData(analyticsKeys.streamAt(streamId, 60), cached);
    return renderHook(() => useStreamAnalytics(streamId, 60), { wrapper: withQueryClient(queryClient) });
  }

  it('asks again for live figures another view fetched moments ago', async () => {
    // The app's client: answers count as fresh for 10 s unless said otherwise.
    const live = liveAnalytics(streamId, '2026-01-01T12:00:00.000Z', '2026-01-01T12:00:02.000Z', [0]);
    const { result } = renderWithCached(live, createQueryClient());
    await waitFor(() => expect(analyticsCalls()).toHaveLength(1));
    await waitFor(() => expect(result.current.data?.final).toBe(true));
  });

  it('keeps final figures without asking again', async () => {
    // A client that counts every answer as stale at once.
    const { result } = renderWithCached(scenarioAnalytics, createTestQueryClient());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(result.current.data).toBe(scenarioAnalytics);
    expect(analyticsCalls()).toHaveLength(0);
  });
});
