import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ada, bob, FakeAuthApi } from '@/testing/fake-auth-api';
import { jsonResponse } from '@/testing/test-utils';
import { ApiError, apiRequest, setAccessTokenSource } from './api-client';
import { session as appSession, SessionStore } from './session';

const storageKey = 'favorited.session';
const password = 'Passw0rd!';

describe('SessionStore', () => {
  let api: FakeAuthApi;
  const stores: { store: SessionStore; stop: () => void }[] = [];

  /** A tab: its own store on the shared localStorage, with its own target for storage events. */
  function openTab() {
    const events = new EventTarget();
    const store = new SessionStore({ storage: localStorage, events });
    const stop = store.start();
    stores.push({ store, stop });
    // What the browser does in every other tab when one writes localStorage.
    const hearStorage = () => events.dispatchEvent(new StorageEvent('storage', { key: storageKey }));
    return { store, hearStorage };
  }

  /** Lets pending promises (fetches, refreshes) settle. */
  const settle = () => vi.waitFor(() => new Promise((resolve) => setTimeout(resolve, 0)));

  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    api = new FakeAuthApi();
    api.addAccount(ada, password);
    api.addAccount(bob, password);
    // Calls that need a token: a resource that checks it.
    api.route = (call) =>
      call.path === '/livestreams'
        ? api.userOf(call.token)
          ? jsonResponse(201, { success: true, data: { createdBy: api.userOf(call.token)?.id } })
          : jsonResponse(401, { success: false, error: 'AuthenticationError', message: 'Sign in' })
        : undefined;
    vi.stubGlobal('fetch', api.fetch);
  });

  afterEach(() => {
    for (const { stop } of stores.splice(0)) {
      stop();
    }
    setAccessTokenSource(appSession);
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  describe('tokens', () => {
    it('has nobody until someone signs in; then keeps the refresh token in localStorage and the access token in memory only', async () => {
      const { store } = openTab();
      expect(store.getUser()).toBeNull();
      await expect(store.accessToken()).rejects.toMatchObject({ status: 401 });

      const user = await store.signIn({ email: ada.email ?? '', password });
      expect(user).toEqual(ada);
      expect(store.getUser()).toEqual(ada);
      expect(api.paths()).toEqual(['POST /auth/login', 'GET /auth/me']);

      const stored = JSON.parse(localStorage.getItem(storageKey) ?? '{}') as Record<string, unknown>;
      expect(stored.refreshToken).toBe('refresh-1');
      expect(stored.user).toEqual(ada);
      expect(contents(localStorage) + contents(sessionStorage)).not.toContain('access-1');
      await expect(store.accessToken()).resolves.toBe('access-1');
    });

    it('signs up by registering, then signing in', async () => {
      const { store } = openTab();
      const user = await store.register({ email: 'cy@example.com', password, displayName: 'Cy' });
      expect(user).toMatchObject({ displayName: 'Cy', kind: 'Account', email: 'cy@example.com' });
      expect(api.paths()).toEqual(['POST /auth/register', 'POST /auth/login', 'GET /auth/me']);
      await expect(store.register({ email: 'cy@example.com', password, displayName: 'Cy' })).rejects.toMatchObject({
        status: 409,
        message: 'An account with this email already exists',
      });
    });

    it('takes up the stored session after a reload: shown at once, then confirmed with a refresh and /auth/me', async () => {
      await openTab().store.signIn({ email: ada.email ?? '', password });
      api.calls.length = 0;

      const { store } = openTab();
      expect(store.getUser()).toEqual(ada);
      await settle();
      expect(api.paths()).toEqual(['POST /auth/refresh', 'GET /auth/me']);
      expect(api.calls[0]?.body).toEqual({ refreshToken: 'refresh-1' });
      // The newer refresh token is kept (each one lives 14 days from its issue).
      expect(JSON.parse(localStorage.getItem(storageKey) ?? '{}')).toMatchObject({ refreshToken: 'refresh-2' });
      await expect(store.accessToken()).resolves.toBe('access-2');
    });

    it('refreshes a minute before the access token expires (expiresIn), and again after that', async () => {
      vi.useFakeTimers();
      const { store } = openTab();
      await store.signIn({ email: ada.email ?? '', password });
      api.calls.length = 0;

      await vi.advanceTimersByTimeAsync(838_000);
      expect(api.paths()).toEqual([]);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(api.paths()).toEqual(['POST /auth/refresh', 'GET /auth/me']);
      await expect(store.accessToken()).resolves.toBe('access-2');

      await vi.advanceTimersByTimeAsync(840_000);
      expect(api.paths().filter((path) => path === 'POST /auth/refresh')).toHaveLength(2);
    });

    it('refreshes short-lived tokens at three quarters of their life', async () => {
      vi.useFakeTimers();
      api.expiresIn = 120;
      const { store } = openTab();
      await store.signIn({ email: ada.email ?? '', password });
      api.calls.length = 0;
      await vi.advanceTimersByTimeAsync(89_000);
      expect(api.paths()).toEqual([]);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(api.paths()).toContain('POST /auth/refresh');
    });

    it('refreshes before use a token that expired while timers were held back (a sleeping tab)', async () => {
      vi.useFakeTimers();
      const { store } = openTab();
      await store.signIn({ email: ada.email ?? '', password });
      api.calls.length = 0;
      vi.setSystemTime(Date.now() + 895_000);
      await expect(store.accessToken()).resolves.toBe('access-2');
      expect(api.paths()).toEqual(['POST /auth/refresh', 'GET /auth/me']);
    });

    it('shares one refresh between everyone asking at once', async () => {
      const { store } = openTab();
      await store.signIn({ email: ada.email ?? '', password });
      api.expireAccessTokens();
      api.calls.length = 0;
      const tokens = await Promise.all([store.renew('access-1'), store.renew('access-1'), store.renew('access-1')]);
      expect(tokens).toEqual(['access-2', 'access-2', 'access-2']);
      expect(api.paths()).toEqual(['POST /auth/refresh', 'GET /auth/me']);
      // A token refused after another refresh already replaced it: the newer one, without refreshing again.
      await expect(store.renew('access-1')).resolves.toBe('access-2');
      expect(api.paths()).toHaveLength(2);
    });

    it('keeps the session when a refresh fails for want of a network, and tries again 30 s later', async () => {
      vi.useFakeTimers();
      const { store } = openTab();
      await store.signIn({ email: ada.email ?? '', password });
      api.offline = true;
      await vi.advanceTimersByTimeAsync(840_000);
      expect(store.getUser()).toEqual(ada);
      expect(localStorage.getItem(storageKey)).not.toBeNull();

      api.offline = false;
      api.calls.length = 0;
      await vi.advanceTimersByTimeAsync(30_000);
      expect(api.paths()).toEqual(['POST /auth/refresh', 'GET /auth/me']);
      expect(store.getUser()).toEqual(ada);
    });

    it('signs an account out when its refresh token is refused', async () => {
      const { store } = openTab();
      await store.signIn({ email: ada.email ?? '', password });
      api.revokeRefreshTokens(ada.id);
      api.expireAccessTokens();
      expect(await store.renew('access-1')).toBeNull();
      expect(store.getUser()).toBeNull();
      expect(localStorage.getItem(storageKey)).toBeNull();
    });

    it('gives a guest whose refresh token is refused a new guest identity, under the same name', async () => {
      const { store } = openTab();
      const first = await store.startGuest();
      expect(first).toMatchObject({ kind: 'Guest', id: 'guest:0001', displayName: 'Guest 0001' });
      api.revokeRefreshTokens(first.id);
      const token = await store.renew('access-2');
      expect(token).not.toBeNull();
      const second = store.getUser();
      expect(second).toMatchObject({ kind: 'Guest', displayName: 'Guest 0001' });
      expect(second?.id).not.toBe(first.id);
      expect(api.userOf(token ?? '')?.id).toBe(second?.id);
    });

    it('drops a refresh answer meant for who signed out while it was out', async () => {
      const { store } = openTab();
      await store.signIn({ email: ada.email ?? '', password });
      api.expireAccessTokens();
      const renewing = store.renew('access-1');
      // The Api refuses the expired token sign-out sends; signed out here all the same.
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      await store.signOut();
      expect(warn).toHaveBeenCalledWith('POST /auth/logout failed', expect.any(ApiError));
      await expect(renewing).resolves.toBeNull();
      expect(store.getUser()).toBeNull();
      expect(localStorage.getItem(storageKey)).toBeNull();
    });
  });

  describe('calls through the api client', () => {
    it('sends the bearer token, and after a 401 refreshes and tries once more', async () => {
      const { store } = openTab();
      setAccessTokenSource(store);
      await store.signIn({ email: ada.email ?? '', password });
      await apiRequest('/livestreams', { method: 'POST', body: {}, auth: true });
      expect(api.calls.at(-1)?.token).toBe('access-1');

      api.expireAccessTokens();
      api.calls.length = 0;
      const created = await apiRequest<{ data: { createdBy: string } }>('/livestreams', { method: 'POST', body: {}, auth: true });
      expect(created.data.createdBy).toBe(ada.id);
      expect(api.paths()).toEqual(['POST /livestreams', 'POST /auth/refresh', 'GET /auth/me', 'POST /livestreams']);
      expect(api.calls.map((call) => call.token)).toEqual(['access-1', undefined, 'access-2', 'access-2']);
    });

    it('retries only once, and says the session ended when the refresh is refused', async () => {
      const { store } = openTab();
      setAccessTokenSource(store);
      await store.signIn({ email: ada.email ?? '', password });
      api.route = () => jsonResponse(401, { success: false, error: 'AuthenticationError', message: 'Nope' });
      api.calls.length = 0;
      await expect(apiRequest('/livestreams', { method: 'POST', auth: true })).rejects.toMatchObject({ status: 401, message: 'Nope' });
      expect(api.paths().filter((path) => path === 'POST /livestreams')).toHaveLength(2);

      api.revokeRefreshTokens(ada.id);
      api.expireAccessTokens();
      const failure: unknown = await apiRequest('/livestreams', { method: 'POST', auth: true }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ApiError);
      expect((failure as ApiError).message).toBe('Your session has ended: sign in again');
      expect(store.getUser()).toBeNull();
    });
  });

  describe('signing out and renaming', () => {
    it('signs an account out with the Api (its refresh tokens stop working) and forgets it', async () => {
      const { store } = openTab();
      await store.signIn({ email: ada.email ?? '', password });
      await store.signOut();
      expect(api.calls.at(-1)).toMatchObject({ method: 'POST', path: '/auth/logout', token: 'access-1' });
      expect(store.getUser()).toBeNull();
      expect(localStorage.getItem(storageKey)).toBeNull();
      // The Api revoked it: a copy of the refresh token is worth nothing now.
      expect((await api.fetch('/api/v1/auth/refresh', { method: 'POST', body: JSON.stringify({ refreshToken: 'refresh-1' }) })).status).toBe(401);
    });

    it('forgets a guest without calling the Api (there is nothing to revoke)', async () => {
      const { store } = openTab();
      await store.startGuest('Gail');
      api.calls.length = 0;
      await store.signOut();
      expect(api.paths()).toEqual([]);
      expect(store.getUser()).toBeNull();
    });

    it('renames with PATCH /auth/me, then refreshes so the tokens carry the new name', async () => {
      const { store } = openTab();
      await store.signIn({ email: ada.email ?? '', password });
      api.calls.length = 0;
      const renamed = await store.rename('Ada L.');
      expect(renamed.displayName).toBe('Ada L.');
      expect(api.paths()).toEqual(['PATCH /auth/me', 'POST /auth/refresh', 'GET /auth/me']);
      expect(store.getUser()?.displayName).toBe('Ada L.');
      const token = await store.accessToken();
      expect(token).toBe('access-2');
      expect(api.userOf(token)?.displayName).toBe('Ada L.');
    });

    it('keeps the token of whoever was signed in, to leave a stream after signing out or switching', async () => {
      const { store } = openTab();
      await store.signIn({ email: ada.email ?? '', password });
      await store.signIn({ email: bob.email ?? '', password });
      expect(store.heldTokenFor(bob.id)).toBe('access-2');
      expect(store.heldTokenFor(ada.id)).toBe('access-1');
      expect(store.heldTokenFor('someone-else')).toBeNull();
    });
  });

  describe('several tabs', () => {
    it('a sign-in in one tab reaches the others; they fetch a token when they first need one', async () => {
      const one = openTab();
      const two = openTab();
      const changes = vi.fn();
      two.store.subscribe(changes);

      await one.store.signIn({ email: ada.email ?? '', password });
      two.hearStorage();
      expect(two.store.getUser()).toEqual(ada);
      expect(changes).toHaveBeenCalledTimes(1);

      api.calls.length = 0;
      await expect(two.store.accessToken()).resolves.toBe('access-2');
      expect(api.calls[0]).toMatchObject({ path: '/auth/refresh', body: { refreshToken: 'refresh-1' } });
    });

    it('a sign-out in one tab signs the others out', async () => {
      const one = openTab();
      await one.store.signIn({ email: ada.email ?? '', password });
      const two = openTab();
      await settle();
      expect(two.store.getUser()).toEqual(ada);

      await one.store.signOut();
      two.hearStorage();
      expect(two.store.getUser()).toBeNull();
      await expect(two.store.accessToken()).rejects.toMatchObject({ status: 401 });
    });

    it('a refresh in another tab changes nothing here', async () => {
      const one = openTab();
      await one.store.signIn({ email: ada.email ?? '', password });
      const two = openTab();
      await settle();
      const changes = vi.fn();
      two.store.subscribe(changes);
      const token = await two.store.accessToken();

      await one.store.renew('access-1');
      two.hearStorage();
      expect(changes).not.toHaveBeenCalled();
      await expect(two.store.accessToken()).resolves.toBe(token);
    });

    it('a rename in another tab shows here, and the next call here gets a token with the new name', async () => {
      const one = openTab();
      await one.store.signIn({ email: ada.email ?? '', password });
      const two = openTab();
      await settle();
      await one.store.rename('Ada L.');
      two.hearStorage();
      expect(two.store.getUser()?.displayName).toBe('Ada L.');
      expect(api.userOf(await two.store.accessToken())?.displayName).toBe('Ada L.');
    });

    it('a tab that missed the event still follows the stored session when it next refreshes', async () => {
      const one = openTab();
      await one.store.signIn({ email: ada.email ?? '', password });
      const two = openTab();
      await settle();
      await one.store.signIn({ email: bob.email ?? '', password });
      api.expireAccessTokens();
      const token = await two.store.renew('anything');
      expect(api.userOf(token ?? '')?.id).toBe(bob.id);
      expect(two.store.getUser()?.id).toBe(bob.id);
    });
  });

  it('treats damaged storage as nobody signed in', () => {
    localStorage.setItem(storageKey, '{not json');
    expect(openTab().store.getUser()).toBeNull();
    localStorage.setItem(storageKey, JSON.stringify({ id: 'x', refreshToken: 'r', user: { id: 'u', displayName: 'U', kind: 'Admin' } }));
    expect(openTab().store.getUser()).toBeNull();
    expect(api.calls).toHaveLength(0);
  });
});

function contents(storage: Storage): string {
  return Array.from({ length: storage.length }, (_, i) => `${storage.key(i) ?? ''}=${storage.getItem(storage.key(i) ?? '') ?? ''}`).join('\n');
}
