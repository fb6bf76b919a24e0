import { vi } from 'vitest';
import { session } from '@/lib/session';
import type { User } from '@/types/api';
import type { FakeAuthApi } from './fake-auth-api';

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
