import { expect, test, type APIRequestContext } from '@playwright/test';
import path from 'node:path';
import { bearer, dashboard, fakeApi, scenario, scenarioStreamId } from './analytics-fakes';
import { clientUrl, emulatorUrl, screenshotsDir, signUp, unique } from './graph';

// Dates and numbers as the fixtures expect them, whatever the machine's zone and language.
test.use({ timezoneId: 'UTC', locale: 'en-US' });

const analyticsPath = `/livestreams/${scenarioStreamId}/analytics`;

test.describe('analytics pages drawn from the scenario’s figures (the Api answered by the page)', () => {
  test('a stream’s analytics: summary, viewers over time with the peak, watch time and retention', async ({ page }) => {
    const requests = await fakeApi(page, { [`GET ${analyticsPath}`]: { body: scenario } });
    await page.goto(`${clientUrl()}/streams/${scenarioStreamId}/analytics?resolution=60`);

    await expect(page.getByRole('heading', { name: 'Analytics: Launch party Q&A', level: 1 })).toBeVisible();
    const peak = page.getByTestId('peak-marker');
    await expect(peak).toHaveAttribute('data-peak', '5');
    await expect(peak).toHaveAttribute('data-peak-at', '2026-01-01T12:01:00.000Z');
    await expect(page.getByText('Peak 5 at 1:00', { exact: true })).toBeVisible();
    await expect(page.getByTestId('analytics-freshness')).toHaveText('Started Jan 1, 2026, 12:00 UTC · 10:00 long · final figures');
    await expect(page.getByTestId('tile-peak')).toContainText('5at 1:00');
    await expect(page.getByTestId('tile-unique')).toContainText('6 new, 1 returning');
    await expect(page.getByTestId('tile-watch')).toContainText('26.33 min');

    const asked = requests.find((request) => new URL(request.url()).pathname.endsWith('/analytics'));
    expect(new URL(asked?.url() ?? '').searchParams.get('resolution')).toBe('60');
    expect(await asked?.headerValue('authorization')).toBe(bearer);

    const concurrency = page.getByTestId('concurrency-section');
    await expect(concurrency.locator('.recharts-xAxis-tick-labels text')).toHaveText(['0:00', '2:00', '4:00', '6:00', '8:00', '10:00']);
    await concurrency.screenshot({ path: path.join(screenshotsDir, 'analytics-concurrency.png') });

    const watchTime = page.getByTestId('watch-time-section');
    await expect(watchTime.locator('.recharts-xAxis-tick-labels text')).toHaveText(['<1 m', '1–5 m', '5–15 m', '15–30 m', '30–60 m', '1–2 h', '≥2 h']);
    await watchTime.getByText('Show the numbers').click();
    await expect(watchTime.getByRole('row', { name: '1–5 m 4' })).toBeVisible();
    await watchTime.screenshot({ path: path.join(screenshotsDir, 'analytics-watch-time.png') });

    const retention = page.getByTestId('retention-section');
    await expect(retention.locator('.recharts-line')).toHaveCount(2);
    await expect(retention.locator('.recharts-legend-item-text')).toHaveText(['1 min later', '5 min later']);
    await retention.getByText('Show the numbers').click();
    await expect(retention.getByRole('row', { name: /^1 5 60% 40%/ })).toBeVisible();
    await retention.screenshot({ path: path.join(screenshotsDir, 'analytics-retention.png') });
    await page.screenshot({ path: path.join(screenshotsDir, 'analytics-stream-page.png'), fullPage: true });
  });

  test('a stream that never went live says so, not a crash', async ({ page }) => {
    await fakeApi(page, {
      [`GET ${analyticsPath}`]: {
        status: 409,
        body: { success: false, error: 'ConflictError', message: 'The livestream never went live', statusCode: 409 },
      },
    });
    await page.goto(`${clientUrl()}/streams/${scenarioStreamId}/analytics`);
    await expect(page.getByRole('alert')).toContainText('This stream never went live');
  });

  test('the creator’s dashboard: totals, a bar pair per stream and the table, for the range in the address', async ({ page }) => {
    const requests = await fakeApi(page, { 'GET /analytics/livestreams': { body: dashboard }, [`GET ${analyticsPath}`]: { body: scenario } });
    await page.goto(`${clientUrl()}/analytics?from=2025-12-15&to=2026-01-10`);

    await expect(page.getByRole('heading', { name: 'Your analytics', level: 1 })).toBeVisible();
    await expect(page.getByTestId('dashboard-row')).toHaveCount(3);
    await expect(page.getByTestId('dashboard-peak')).toHaveText(['4', '12', '5']);
    await expect(page.getByTestId('dashboard-unique')).toHaveText(['6', '23', '7']);
    await expect(page.getByTestId('total-watch')).toContainText('1,112.33 min');
    await expect(page.getByTestId('total-unique')).toContainText('27');
    await expect(page.getByTestId('dashboard-chart').locator('.recharts-bar-rectangle')).toHaveCount(6);

    const asked = new URL(requests.find((request) => request.url().includes('/analytics/livestreams'))?.url() ?? '');
    expect(asked.searchParams.get('from')).toBe('2025-12-15T00:00:00Z');
    expect(asked.searchParams.get('to')).toBe('2026-01-11T00:00:00Z');
    await page.screenshot({ path: path.join(screenshotsDir, 'analytics-dashboard.png'), fullPage: true });

    // A row leads to that stream's own analytics.
    await page.getByRole('link', { name: 'Launch party Q&A' }).click();
    await expect(page).toHaveURL(new RegExp(`/streams/${scenarioStreamId}/analytics$`));
    await expect(page.getByTestId('peak-marker')).toHaveAttribute('data-peak', '5');
  });
});

/** A guest viewer as a client without this web app would be one: joins through the Api, then (dis)connects through the emulator. */
async function emulatedViewer(request: APIRequestContext, streamId: string): Promise<{ connect: () => Promise<void>; disconnect: () => Promise<void> }> {
  const guest = await request.post(`${clientUrl()}/api/v1/auth/guest`, { data: { displayName: 'Vic Viewer' } });
  expect(guest.status(), await guest.text()).toBe(200);
  const { accessToken } = (await guest.json()) as { accessToken: string };
  const join = await request.post(`${clientUrl()}/api/v1/livestreams/${streamId}/join`, {
    headers: { Authorization: `Bearer ${accessToken}` },
    data: { role: 'VIEWER' },
  });
  expect(join.status(), await join.text()).toBe(200);
  const { token } = ((await join.json()) as { data: { token: string } }).data;
  // The emulator names a connection by the LiveKit room and identity the join token carries.
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { sub: string; video: { room: string } };
  const control = async (action: 'connect' | 'disconnect', data: object) => {
    const response = await request.post(`${emulatorUrl()}/_emulator/${action}`, { data });
    expect(response.status(), await response.text()).toBe(200);
  };
  return {
    connect: () => control('connect', { token }),
    disconnect: () => control('disconnect', { room: claims.video.room, identity: claims.sub }),
  };
}

test('against the graph: the host’s live chart counts a viewer the emulator connects, and stops counting them after the disconnect', async ({ page, request }) => {
  await signUp(page, 'Lena Live');
  await page.getByRole('link', { name: 'New livestream' }).click();
  await page.getByLabel('Title').fill(unique('Live chart'));
  await page.getByLabel('Room name').fill(unique('live-chart'));
  await page.getByRole('button', { name: 'Go live' }).click();
  await expect(page).toHaveURL(/\/streams\/[0-9a-f-]{36}$/);
  const streamId = page.url().split('/').pop() ?? '';

  // The history comes from the Api's analytics; the counts then from the stream's own events.
  const chart = page.getByTestId('live-audience-chart');
  await expect(chart).toHaveAttribute('data-viewers', '0');
  await expect(chart).toHaveAttribute('data-final', 'false');

  const viewer = await emulatedViewer(request, streamId);
  await viewer.connect();
  await expect(page.getByTestId('viewer-count')).toHaveAttribute('data-count', '1');
  await expect(chart).toHaveAttribute('data-viewers', '1');
  await page.screenshot({ path: path.join(screenshotsDir, 'analytics-live-chart.png'), fullPage: true });

  await viewer.disconnect();
  await expect(page.getByTestId('viewer-count')).toHaveAttribute('data-count', '0');
  await expect(chart).toHaveAttribute('data-viewers', '0');

  // The stream's own analytics page reads the same figures from the Api: one viewer at the peak, one in all.
  await page.getByRole('link', { name: 'Analytics' }).click();
  await expect(page.getByTestId('peak-marker')).toHaveAttribute('data-peak', '1');
  await expect(page.getByTestId('tile-unique')).toContainText('Unique viewers1');
  await expect(page.getByTestId('analytics-freshness')).toHaveAttribute('data-final', 'false');
});
