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

export const password = 'Passw0rd!';

/** An account made through the Api (register, then sign in): its user id and an access token. */
export async function apiAccount(
  request: APIRequestContext,
  displayName: string,
): Promise<{ id: string; displayName: string; email: string; token: string }> {
  const email = `${unique('host')}@example.com`;
  const registered = await request.post(`${clientUrl()}/api/v1/auth/register`, { data: { email, password, displayName } });
  expect(registered.status(), await registered.text()).toBe(201);
  const { data } = (await registered.json()) as { data: { id: string } };
  const login = await request.post(`${clientUrl()}/api/v1/auth/login`, { data: { email, password } });
  expect(login.status(), await login.text()).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  return { id: data.id, displayName, email, token: accessToken };
}

/** A livestream created through the Api by an account, with its name in the metadata as the app's form puts it. */
export async function apiCreateStream(
  request: APIRequestContext,
  host: { token: string; displayName: string },
  title: string,
): Promise<string> {
  const created = await request.post(`${clientUrl()}/api/v1/livestreams`, {
    headers: { Authorization: `Bearer ${host.token}` },
    data: { roomName: unique(title), title, metadata: { hostDisplayName: host.displayName } },
  });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { data: { id: string } }).data.id;
}

/**
 * A viewer as a real client would be one: a guest identity and a join token from the Api, then a connection to
 * "LiveKit" (the emulator).
 */
export async function connectViewer(request: APIRequestContext, streamId: string): Promise<void> {
  const guest = await request.post(`${clientUrl()}/api/v1/auth/guest`, { data: {} });
  expect(guest.status(), await guest.text()).toBe(200);
  const { accessToken } = (await guest.json()) as { accessToken: string };
  const join = await request.post(`${clientUrl()}/api/v1/livestreams/${streamId}/join`, {
    headers: { Authorization: `Bearer ${accessToken}` },
    data: { role: 'VIEWER' },
  });
  expect(join.status(), await join.text()).toBe(200);
  const { data } = (await join.json()) as { data: { token: string } };
  const connect = await request.post(`${emulatorUrl()}/_emulator/connect`, { data: { token: data.token } });
  expect(connect.status(), await connect.text()).toBe(200);
}

/** Signs up through the form (a new email each time); the header then shows the name. Returns the email. */
export async function signUp(page: Page, displayName: string): Promise<string> {
  const email = `${unique('user')}@example.com`;
  await page.goto(`${clientUrl()}/sign-up`);
  await page.getByLabel('Display name').fill(displayName);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('account-name')).toHaveText(displayName);
  return email;
}

/** Whoever this page's browser context is signed in as (the stored session's user). */
export async function signedInUser(page: Page): Promise<{ id: string; displayName: string; kind: string }> {
  return page.evaluate(
    () => (JSON.parse(localStorage.getItem('favorited.session') ?? '{}') as { user: { id: string; displayName: string; kind: string } }).user,
  );
}

/** Opens the account menu (the name at the top right) and presses one of its buttons. */
export async function accountAction(page: Page, action: string): Promise<void> {
  await page.getByTestId('account-name').click();
  await page.getByRole('dialog', { name: 'Account' }).getByRole('button', { name: action }).click();
}

export function header(page: Page) {
  return page.locator('header.app-header');
}

export function card(page: Page, streamId: string) {
  return page.locator(`[data-testid="livestream-card"][data-stream-id="${streamId}"]`);
}

export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}
