import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { liveAnalytics, scenarioAnalytics } from '@/testing/analytics-fixtures';
import { FakeAnalyticsApi } from '@/testing/fake-analytics-api';
import { ada, bob, error, FakeAuthApi } from '@/testing/fake-auth-api';
import { resetSession, signInAs } from '@/testing/session';
import { jsonResponse, livestream, renderPage } from '@/testing/test-utils';
import StreamAnalyticsPage from './stream-analytics-page';

const stream = livestream({
  id: scenarioAnalytics.streamId,
  title: 'Launch party Q&A',
  status: 'ENDED',
  createdBy: ada.id,
  startedAt: scenarioAnalytics.startedAt,
  endedAt: scenarioAnalytics.endedAt,
});

describe('StreamAnalyticsPage', () => {
  let api: FakeAuthApi;
  let analyticsApi: FakeAnalyticsApi;
  const analyticsCalls = () => api.calls.filter((call) => call.path.startsWith(`/livestreams/${stream.id}/analytics`));

  beforeEach(async () => {
    api = new FakeAuthApi();
    analyticsApi = new FakeAnalyticsApi(api, ada);
    api.route = (call) =>
      call.path === `/livestreams/${stream.id}` ? jsonResponse(200, { success: true, data: stream }) : analyticsApi.route(call);
    await signInAs(api, ada);
  });
  afterEach(async () => {
    await resetSession();
    vi.unstubAllGlobals();
  });

  const open = (search = '?resolution=60') =>
    renderPage(<StreamAnalyticsPage />, { route: `/streams/${stream.id}/analytics${search}`, path: '/streams/:id/analytics' });

  it('shows the scenario’s figures to its creator: summary, peak marker, watch time and retention', async () => {
    open();
    expect(await screen.findByRole('heading', { name: 'Analytics: Launch party Q&A', level: 1 })).toBeTruthy();
    await screen.findByTestId('peak-marker');
    expect(screen.getByTestId('peak-marker').getAttribute('data-peak')).toBe('5');
    expect(screen.getByTestId('analytics-freshness').textContent).toBe('Started Jan 1, 2026, 12:00 UTC · 10:00 long · final figures');
    expect(screen.getByTestId('tile-peak').textContent).toBe('Peak viewers5at 1:00');
    expect(screen.getByTestId('tile-unique').textContent).toBe('Unique viewers76 new, 1 returning');
    expect(screen.getByTestId('tile-watch').textContent).toBe('Watch time26.33 minaverage 3:45, median 3:20');
    expect(screen.getByTestId('tile-stayed').textContent).toContain('6 · 2 · 0');
    expect(screen.getByTestId('tile-chat').textContent).toBe('Chat messages4from 3 people');
    expect(screen.getByTestId('tile-hosts').textContent).toBe('Most hosts at once2at 2:00');
    expect(screen.queryByTestId('tile-current')).toBeNull();
    expect(screen.queryByTestId('coarser-series')).toBeNull();
    for (const name of ['Viewers over time', 'How long viewers watched', 'Who stayed']) {
      expect(screen.getByRole('heading', { name, level: 2 })).toBeTruthy();
    }
    const call = analyticsCalls()[0];
    expect(call?.path).toBe(`/livestreams/${stream.id}/analytics?resolution=60`);
    expect(api.userOf(call?.token)).toEqual(ada);
  });

  it('shows a live stream’s figures as of when they were computed, with who is watching now', async () => {
    analyticsApi.analytics = liveAnalytics(stream.id, '2026-01-01T12:00:00Z', '2026-01-01T12:00:25Z', [0, 1, 2]);
    open('?resolution=10');
    expect((await screen.findByTestId('tile-current')).textContent).toBe('Watching now2');
    expect(screen.getByTestId('analytics-freshness').textContent).toBe(
      'Started Jan 1, 2026, 12:00 UTC · 0:25 long · live figures as of Jan 1, 2026, 12:00 UTC, updated every 10 seconds',
    );
  });

  it('asks at the default resolution for the stream’s length when the address names none', async () => {
    open('');
    await screen.findByTestId('peak-marker');
    expect(analyticsCalls()[0]?.path).toBe(`/livestreams/${stream.id}/analytics?resolution=10`);
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Interval' }).value).toBe('10');
    // The fixture answers at 60 s whatever is asked, as the Api does once a stream's finer series is trimmed.
    expect(screen.getByTestId('coarser-series').textContent).toBe('Shown in intervals of 1 minute: finer figures are no longer kept for this stream.');
  });

  it('asks again at the interval picked, and keeps it in the address', async () => {
    const { user } = open();
    await screen.findByTestId('peak-marker');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Interval' }), '5 minutes');
    await vi.waitFor(() => expect(analyticsCalls().at(-1)?.path).toBe(`/livestreams/${stream.id}/analytics?resolution=300`));
    expect(screen.getByTestId('location').textContent).toBe(`/streams/${stream.id}/analytics?resolution=300`);
  });

  it('lists every bucket in the numbers table behind the chart', async () => {
    const { user } = open();
    const section = await screen.findByTestId('concurrency-section');
    await user.click(within(section).getByText('Show the numbers'));
    const rows = within(section).getAllByRole('row').map((row) => [...row.children].map((cell) => cell.textContent));
    expect(rows[0]).toEqual(['From', 'Most viewers', 'Average viewers', 'Most hosts']);
    expect(rows.slice(1, 3)).toEqual([
      ['0:00', '4', '2.17', '1'],
      ['1:00', '5', '4.67', '1'],
    ]);
    expect(rows).toHaveLength(11);
  });

  it('downloads the series CSV with the bearer token, under the name the Api gives', async () => {
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    // jsdom has no object URLs.
    const createObjectURL = vi.fn<(blob: Blob) => string>(() => 'blob:csv');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    try {
      const { user } = open();
      await user.click(await screen.findByRole('button', { name: 'Series CSV (1 minute)' }));
      await vi.waitFor(() => expect(saved).toEqual([`${stream.id}-series-60s.csv`]));
      const download = analyticsCalls().find((call) => call.path.includes('series.csv'));
      expect(download?.path).toBe(`/livestreams/${stream.id}/analytics/series.csv?resolution=60`);
      expect(api.userOf(download?.token)).toEqual(ada);
      expect(await createObjectURL.mock.calls[0]?.[0].text()).toBe('bucket_start_utc,seconds_from_start\n');
    } finally {
      Reflect.deleteProperty(URL, 'createObjectURL');
      Reflect.deleteProperty(URL, 'revokeObjectURL');
    }
  });

  it.each([
    [409, 'ConflictError', 'This stream never went live'],
    [404, 'NotFoundError', 'No such livestream'],
    [400, 'ValidationError', 'Could not load the analytics'],
  ])('says what a %i means instead of failing', async (status, code, title) => {
    analyticsApi.refusal = error(status, code, 'Too many points: choose a coarser resolution');
    open();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(title);
    if (status === 400) {
      expect(alert.textContent).toContain('Too many points');
    }
  });

  it('tells another account the analytics are not theirs (403)', async () => {
    await resetSession();
    await signInAs(api, bob);
    open();
    expect((await screen.findByRole('alert')).textContent).toContain('Only the creator of a livestream can see its analytics.');
  });
});
