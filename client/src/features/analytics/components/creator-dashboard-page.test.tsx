import { fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dashboardAnswer } from '@/testing/analytics-fixtures';
import { FakeAnalyticsApi } from '@/testing/fake-analytics-api';
import { ada, FakeAuthApi } from '@/testing/fake-auth-api';
import { resetSession, signInAs } from '@/testing/session';
import { renderPage } from '@/testing/test-utils';
import CreatorDashboardPage from './creator-dashboard-page';

describe('CreatorDashboardPage', () => {
  let api: FakeAuthApi;
  let analyticsApi: FakeAnalyticsApi;
  const dashboardCalls = () => api.calls.filter((call) => call.path.startsWith('/analytics/livestreams'));

  beforeEach(async () => {
    api = new FakeAuthApi();
    analyticsApi = new FakeAnalyticsApi(api, ada);
    api.route = analyticsApi.route;
    await signInAs(api, ada);
  });
  afterEach(async () => {
    await resetSession();
    vi.unstubAllGlobals();
  });

  const open = (search = '?from=2025-12-15&to=2026-01-10') => renderPage(<CreatorDashboardPage />, { route: `/analytics${search}`, path: '/analytics' });

  it('asks for the whole UTC days of the range with the creator’s token, and shows the totals, a bar pair and a row per stream', async () => {
    const { container } = open();
    const rows = await screen.findAllByTestId('dashboard-row');
    const call = dashboardCalls()[0];
    expect(call?.path).toBe('/analytics/livestreams?from=2025-12-15T00%3A00%3A00Z&to=2026-01-11T00%3A00%3A00Z&limit=20&offset=0');
    expect(api.userOf(call?.token)).toEqual(ada);

    expect(screen.getByTestId('total-streams').textContent).toBe('Streams3');
    expect(screen.getByTestId('total-watch').textContent).toBe('Watch time1,112.33 min');
    expect(screen.getByTestId('total-peak').textContent).toBe('Highest peak12');
    expect(screen.getByTestId('total-unique').textContent).toBe('Unique viewers27');
    expect(screen.getByTestId('total-chat').textContent).toBe('Chat messages69');

    expect(rows.map((row) => row.querySelector('th')?.textContent)).toEqual(['Morning coffee', 'Friday jam', 'Launch party Q&A']);
    expect(screen.getAllByTestId('dashboard-peak').map((cell) => cell.textContent)).toEqual(['4', '12', '5']);
    expect(screen.getAllByTestId('dashboard-unique').map((cell) => cell.textContent)).toEqual(['6', '23', '7']);
    const launch = dashboardAnswer.data.streams[2];
    expect(screen.getByRole('link', { name: 'Launch party Q&A' }).getAttribute('href')).toBe(`/streams/${launch?.id ?? ''}/analytics`);
    expect(rows[2]?.textContent).toContain('Jan 1, 2026, 12:00 UTC');

    expect(screen.getByRole('heading', { name: 'Peak and unique viewers per stream', level: 2 })).toBeTruthy();
    expect(container.querySelectorAll('.recharts-bar-rectangle')).toHaveLength(6);
  });

  it('moves to the range submitted, and refuses one that ends before it starts without asking the Api', async () => {
    const { user } = open();
    await screen.findAllByTestId('dashboard-row');
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-01-01' } });
    await user.click(screen.getByRole('button', { name: 'Show' }));
    expect(screen.getByTestId('location').textContent).toBe('/analytics?from=2026-01-01&to=2026-01-10');
    await vi.waitFor(() => expect(dashboardCalls().at(-1)?.path).toContain('from=2026-01-01T00%3A00%3A00Z'));

    const asked = dashboardCalls().length;
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-02-01' } });
    await user.click(screen.getByRole('button', { name: 'Show' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The start date is after the end date.');
    expect(dashboardCalls()).toHaveLength(asked);
  });

  it('pages through the range by the Api’s count of its streams', async () => {
    analyticsApi.dashboard = { ...analyticsApi.dashboard, count: 45 };
    const { user } = open();
    await screen.findAllByTestId('dashboard-row');
    await user.click(screen.getByRole('button', { name: 'Older →' }));
    expect(screen.getByTestId('location').textContent).toBe('/analytics?from=2025-12-15&to=2026-01-10&page=2');
    await vi.waitFor(() => expect(dashboardCalls().at(-1)?.path).toContain('&limit=20&offset=20'));
  });

  it('says so when no stream started in the range', async () => {
    analyticsApi.dashboard = {
      ...analyticsApi.dashboard,
      streams: [],
      count: 0,
      totals: { streams: 0, watchMinutes: 0, peakViewers: 0, uniqueViewers: 0, chatMessages: 0 },
    };
    open();
    expect((await screen.findByTestId('dashboard-empty')).textContent).toBe('None of your livestreams started in this range.');
  });
});
