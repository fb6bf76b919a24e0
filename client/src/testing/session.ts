import { afterEach, beforeEach, vi } from 'vitest';
import { session } from '@/lib/session';
import type { User } from '@/types/api';
import { FakeAuthApi } from './fake-auth-api';

/** Signs the app's session in as `user` (an account `api` now has), with `api` as fetch from here on. */
export async function signInAs(api: FakeAuthApi, user: User): Promise<void> {
  api.addAccount(user);
  vi.stubGlobal('fetch', api.fetch);
  await session.signIn({ email: user.email ?? '', password: 'Passw0rd!' });
}

/** Signs the app's session out (while fetch is still the test's) and forgets it, for the next test. */
export async function resetSession(): Promise<void> {
  await session.signOut();
  localStorage.clear();
}

/**
 * For a describe block: each test gets a fresh FakeAuthApi as fetch (read it as `auth.api`), and the app's session is
 * signed out and forgotten after each.
 */
export function setUpFakeAuthApi(): { api: FakeAuthApi } {
  const auth = { api: new FakeAuthApi() };
  beforeEach(() => {
    auth.api = new FakeAuthApi();
    vi.stubGlobal('fetch', auth.api.fetch);
  });
  afterEach(async () => {
    await resetSession();
    vi.unstubAllGlobals();
  });
  return auth;
}
