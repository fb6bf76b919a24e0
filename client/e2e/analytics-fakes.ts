import type { Page, Request } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Part 1 of analytics.spec.ts answers the Api from the page itself (page.route): a signed-in creator, their stream, and
// the analytics and dashboard fixtures (docs/design/analytics.md §5's scenario), so the charts are drawn from known
// figures and nothing reaches the graph's Api.

const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const readFixture = (name: string) => JSON.parse(readFileSync(path.join(fixturesDir, name), 'utf8')) as { data: Record<string, unknown> };

export const scenario = readFixture('analytics-scenario.json');
export const dashboard = readFixture('analytics-dashboard.json');
export const scenarioStreamId = scenario.data.streamId as string;

export const creator = { id: 'account-creator', displayName: 'Carla Creator', kind: 'Account', email: 'carla@example.com' };
const accessToken = 'e2e-access-token';

/** The Api's answers by "METHOD /path" (without /api/v1 and the query); anything else answers 404. */
export type FakeAnswers = Record<string, { status?: number; body: unknown }>;

/**
 * Signs `page` in as the creator (a stored session whose refresh the fake Api accepts) and answers every /api call
 * from `answers`. Returns the requests made, to check what was asked and with which token.
 */
export async function fakeApi(page: Page, answers: FakeAnswers): Promise<Request[]> {
  const requests: Request[] = [];
  await page.addInitScript((user) => {
    localStorage.setItem('favorited.session', JSON.stringify({ id: 'e2e-session', refreshToken: 'e2e-refresh', user }));
  }, creator);
  const all = new Map<string, FakeAnswers[string]>(Object.entries({
    'POST /auth/refresh': { body: { tokenType: 'Bearer', accessToken, expiresIn: 900, refreshToken: 'e2e-refresh' } },
    'GET /auth/me': { body: { success: true, data: creator } },
    [`GET /livestreams/${scenarioStreamId}`]: {
      body: {
        success: true,
        data: {
          id: scenarioStreamId,
          roomName: 'launch-party',
          title: 'Launch party Q&A',
          description: null,
          status: 'ENDED',
          visibility: 'PUBLIC',
          createdBy: creator.id,
          maxParticipants: 100,
          emptyTimeout: 300,
          metadata: { hostDisplayName: creator.displayName },
          createdAt: '2026-01-01T11:59:00.000Z',
          updatedAt: '2026-01-01T12:10:00.000Z',
          startedAt: '2026-01-01T12:00:00.000Z',
          endedAt: '2026-01-01T12:10:00.000Z',
        },
      },
    },
    ...answers,
  } satisfies FakeAnswers));
  await page.route('**/api/v1/**', async (route) => {
    const url = new URL(route.request().url());
    requests.push(route.request());
    const answer = all.get(`${route.request().method()} ${url.pathname.replace(/^\/api\/v1/, '')}`);
    await route.fulfill({
      status: answer?.status ?? (answer ? 200 : 404),
      contentType: 'application/json',
      body: JSON.stringify(answer?.body ?? { success: false, error: 'NotFoundError', message: 'Not in this test', statusCode: 404 }),
    });
  });
  return requests;
}

export const bearer = `Bearer ${accessToken}`;
