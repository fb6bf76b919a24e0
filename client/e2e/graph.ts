import { expect, type APIRequestContext, type Page } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const screenshotsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../.artifacts/e2e');

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: global-setup.ts starts the graph and sets it`);
  }
  return value;
}

export const clientUrl = () => requiredEnv('FAVORITED_E2E_CLIENT_URL');
export const emulatorUrl = () => requiredEnv('FAVORITED_E2E_EMULATOR_URL');

/** A viewer as a real client would be one: a join token from the Api, then a connection to "LiveKit" (the emulator). */
export async function connectViewer(request: APIRequestContext, streamId: string, userId: string): Promise<void> {
  const join = await request.post(`${clientUrl()}/api/v1/livestreams/${streamId}/join`, {
    data: { userId, displayName: `Viewer ${userId}`, role: 'VIEWER' },
  });
  expect(join.status(), await join.text()).toBe(200);
  const { data } = (await join.json()) as { data: { token: string } };
  const connect = await request.post(`${emulatorUrl()}/_emulator/connect`, { data: { token: data.token } });
  expect(connect.status(), await connect.text()).toBe(200);
}

/** First visit: the app asks for a display name. */
export async function chooseName(page: Page, name: string): Promise<void> {
  await page.goto(`${clientUrl()}/`);
  await page.getByLabel('Display name').fill(name);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByTestId('identity-name')).toHaveText(name);
}

export function card(page: Page, streamId: string) {
  return page.locator(`[data-testid="livestream-card"][data-stream-id="${streamId}"]`);
}

export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}
