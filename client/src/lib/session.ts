import { ApiError, apiRequest, setAccessTokenSource, type AccessTokenSource } from '@/lib/api-client';
import type { AccessTokenResponse, DataResponse, RegisterInput, SignInInput, User } from '@/types/api';

// Who this browser is signed in as, and the tokens that prove it to the Api.
//
// The refresh token is kept in localStorage: it survives reloads and every tab of the browser shares it, so one
// sign-in serves them all and a sign-in or sign-out in one tab reaches the others (the storage event). The access
// token, the one every call carries, is never stored: it lives in this tab's memory for its 15 minutes and is
// refreshed shortly before it expires. (A script injected into the page could read the refresh token, but it could
// just as well call the Api from the page; an HttpOnly cookie would need the Api to answer sign-ins with cookies
// rather than the token response of ASP.NET Core Identity. Signing out revokes an account's refresh tokens.)
//
// Refresh tokens are not single-use, so tabs refresh on their own without coordinating; each writes the newer refresh
// token back, and the stored session's id tells a refresh (same id) from another identity (new id).

const storageKey = 'favorited.session';
/** An access token this close to its expiry is refreshed before it is used. */
const expirySkewMs = 10_000;
/** How long before expiry the access token is refreshed (at most a quarter of its life). */
const refreshLeadMs = 60_000;
/** After a refresh failed for another reason than a refusal (network, 5xx, 429), the next attempt. */
const retryDelayMs = 30_000;

/** The stored session: an id per sign-in (refreshes keep it), the refresh token, and who it is (from /auth/me). */
interface StoredSession {
  id: string;
  refreshToken: string;
  user: User;
}

/** An access token held in memory. */
interface Grant {
  token: string;
  userId: string;
  expiresAt: number;
}

export interface SessionStoreOptions {
  storage?: Storage;
  /** Where other tabs' storage events arrive. */
  events?: EventTarget;
}

export class SessionStore implements AccessTokenSource {
  private readonly storage: Storage;
  private readonly events: EventTarget;
  private readonly listeners = new Set<() => void>();
  private readonly tokenListeners = new Set<() => void>();
  /** This tab's view of the stored session; refreshes read the refresh token from storage, where another tab may have renewed it. */
  private current: StoredSession | null = null;
  private grant: Grant | null = null;
  /** The previous identity's access token, so a stream it joined can still be left after a sign-out or switch. */
  private retired: Grant | null = null;
  /** Bumped whenever who is signed in changes, so answers meant for an earlier identity are dropped. */
  private generation = 0;
  private refreshing: Promise<Grant | null> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor({ storage = localStorage, events = window }: SessionStoreOptions = {}) {
    this.storage = storage;
    this.events = events;
  }

  /** Who is signed in (an account or a guest), or null. The same object until it changes. */
  getUser = (): User | null => this.current?.user ?? null;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Hears of every new access token (a sign-in or a refresh), e.g. to reopen an event stream that carries it. */
  subscribeTokens = (listener: () => void): (() => void) => {
    this.tokenListeners.add(listener);
    return () => this.tokenListeners.delete(listener);
  };

  /** The access token this tab holds now, if it is still good; never refreshes. */
  heldToken(): string | null {
    return this.usableGrant()?.token ?? null;
  }

  /**
   * Takes up the stored session (shown at once, then confirmed by a refresh, which also reads /auth/me) and follows
   * other tabs from now on. Returns what stops that.
   */
  start(): () => void {
    this.events.addEventListener('storage', this.onStorage);
    this.become(readStored(this.storage));
    if (this.current) {
      void this.refresh().catch(ignore);
    }
    return () => {
      this.events.removeEventListener('storage', this.onStorage);
      clearTimeout(this.timer);
    };
  }

  async signIn(input: SignInInput): Promise<User> {
    return this.begin(await apiRequest<AccessTokenResponse>('/auth/login', { method: 'POST', body: input }));
  }

  /** Creates the account, then signs in to it (registering hands out no tokens). */
  async register(input: RegisterInput): Promise<User> {
    await apiRequest('/auth/register', { method: 'POST', body: input });
    return this.signIn({ email: input.email, password: input.password });
  }

  /** A server-issued guest identity: enough to watch, not to create or host. */
  async startGuest(displayName?: string): Promise<User> {
    const body = displayName ? { displayName } : {};
    return this.begin(await apiRequest<AccessTokenResponse>('/auth/guest', { method: 'POST', body }));
  }

  /**
   * Signs out here and, through the storage event, in every tab. For an account the Api also revokes its refresh
   * tokens; a guest identity is just forgotten (the Api has nothing to revoke for it).
   */
  async signOut(): Promise<void> {
    const account = this.current !== null && this.current.user.kind !== 'Guest';
    const token = account ? await this.accessToken().catch(() => null) : null;
    this.storage.removeItem(storageKey);
    this.become(null);
    if (token) {
      await apiRequest('/auth/logout', { method: 'POST', token }).catch((error: unknown) => {
        // Signed out here all the same; the refresh tokens run out by themselves.
        console.warn('POST /auth/logout failed', error);
      });
    }
  }

  /** A new display name for an account. Tokens carry the name from their next refresh, so they are refreshed now. */
  async rename(displayName: string): Promise<User> {
    const { data: user } = await apiRequest<DataResponse<User>>('/auth/me', {
      method: 'PATCH',
      body: { displayName },
      auth: this,
    });
    const stored = readStored(this.storage);
    if (stored && stored.id === this.current?.id && stored.user.id === user.id) {
      this.keep({ ...stored, user });
      // Until the refresh below succeeds, the next call refreshes first.
      this.dropGrant();
      await this.refresh().catch(ignore);
    }
    return user;
  }

  accessToken = async (): Promise<string> => {
    this.followStorage();
    if (this.grant && usable(this.grant)) {
      return this.grant.token;
    }
    const grant = await this.refresh();
    if (!grant) {
      throw new ApiError(401, 'AuthenticationError', 'Sign in, or join as a guest, first');
    }
    return grant.token;
  };

  renew = async (rejected: string): Promise<string | null> => {
    this.followStorage();
    if (this.grant && this.grant.token !== rejected && usable(this.grant)) {
      return this.grant.token;
    }
    return (await this.refresh())?.token ?? null;
  };

  /**
   * An unexpired access token this tab holds for `userId` (the current identity's, or the one before a sign-out or
   * switch), without refreshing: for a leave sent as the page closes, which cannot wait.
   */
  heldTokenFor(userId: string): string | null {
    for (const grant of [this.grant, this.retired]) {
      if (grant?.userId === userId && grant.expiresAt > Date.now()) {
        return grant.token;
      }
    }
    return null;
  }

  /** One refresh at a time: every caller waiting meanwhile gets its result. */
  private refresh(): Promise<Grant | null> {
    this.refreshing ??= this.refreshOnce().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refreshOnce(): Promise<Grant | null> {
    const stored = this.followStorage();
    if (!stored) {
      return null;
    }
    const generation = this.generation;
    let tokens: AccessTokenResponse;
    let user: User;
    try {
      tokens = await apiRequest<AccessTokenResponse>('/auth/refresh', {
        method: 'POST',
        body: { refreshToken: stored.refreshToken },
      });
      user = await me(tokens.accessToken);
    } catch (error) {
      if (generation !== this.generation) {
        return this.usableGrant();
      }
      if (error instanceof ApiError && (error.status === 400 || error.status === 401)) {
        return this.refused(stored);
      }
      this.scheduleRefresh(retryDelayMs);
      throw error;
    }
    if (generation !== this.generation || readStored(this.storage)?.id !== stored.id) {
      // Signed out, or in as someone else, while this was out: the answer is for who was.
      return this.usableGrant();
    }
    const grant = this.hold(tokens, user);
    this.keep({ ...stored, refreshToken: tokens.refreshToken, user });
    return grant;
  }

  /**
   * The Api refused the refresh token (signed out elsewhere, or past its lifetime). An account is signed out; a guest
   * gets a new guest identity in its place (guest refresh tokens last a day), under the name it had.
   */
  private async refused(stored: StoredSession): Promise<Grant | null> {
    this.storage.removeItem(storageKey);
    this.become(null);
    if (stored.user.kind !== 'Guest') {
      return null;
    }
    try {
      await this.startGuest(stored.user.displayName);
      return this.grant;
    } catch {
      return null;
    }
  }

  private async begin(tokens: AccessTokenResponse): Promise<User> {
    const user = await me(tokens.accessToken);
    const session = { id: newSessionId(), refreshToken: tokens.refreshToken, user };
    this.storage.setItem(storageKey, JSON.stringify(session));
    // The token is in place before anyone hears of the new identity, so their first call needs no refresh.
    this.become(session, () => this.hold(tokens, user));
    return user;
  }

  /** Another tab signed in or out and its storage event has not arrived yet: follow it now. Returns the stored session. */
  private followStorage(): StoredSession | null {
    const stored = readStored(this.storage);
    if (stored?.id !== this.current?.id) {
      this.become(stored);
    }
    return stored;
  }

  /** Who is signed in changes (here, or in another tab): answers in flight are dropped, tokens fetched anew. */
  private become(session: StoredSession | null, beforeNotifying?: () => void): void {
    this.generation += 1;
    this.dropGrant();
    this.current = session;
    beforeNotifying?.();
    this.notify();
  }

  /** Stores the session (the same identity: a refresh or a new display name) and shows its user. */
  private keep(session: StoredSession): void {
    this.storage.setItem(storageKey, JSON.stringify(session));
    const changed = !this.current || !sameUser(this.current.user, session.user);
    this.current = changed ? session : { ...session, user: this.current?.user ?? session.user };
    if (changed) {
      this.notify();
    }
  }

  private hold(tokens: AccessTokenResponse, user: User): Grant {
    const lifeMs = tokens.expiresIn * 1000;
    this.grant = { token: tokens.accessToken, userId: user.id, expiresAt: Date.now() + lifeMs };
    this.scheduleRefresh(lifeMs - Math.min(refreshLeadMs, lifeMs / 4));
    const grant = this.grant;
    for (const listener of this.tokenListeners) {
      listener();
    }
    return grant;
  }

  private dropGrant(): void {
    clearTimeout(this.timer);
    if (this.grant) {
      this.retired = this.grant;
    }
    this.grant = null;
  }

  private usableGrant(): Grant | null {
    return this.grant && usable(this.grant) ? this.grant : null;
  }

  private scheduleRefresh(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh().catch(ignore), delayMs);
  }

  private readonly onStorage = (event: Event): void => {
    const { key } = event as StorageEvent;
    // null: the whole storage was cleared.
    if (key !== null && key !== storageKey) {
      return;
    }
    const next = readStored(this.storage);
    if (next && next.id === this.current?.id) {
      if (!sameUser(next.user, this.current.user)) {
        // Renamed in another tab: this tab's token still carries the old name, so the next call gets a new one.
        this.current = next;
        this.dropGrant();
        this.notify();
      }
      // Otherwise another tab refreshed: nothing changes here.
      return;
    }
    if (next || this.current) {
      // Signed in, out, or as someone else in another tab. A token is fetched when this tab first needs one.
      this.become(next);
    }
  };

  private notify(): void {
    for (const listener of this.listeners) {
      listener();
    }
  }
}

/** Only accounts (built-in or from an identity provider) may create, host and end livestreams. */
export function hasAccount(user: User | null): user is User & { kind: 'Account' | 'External' } {
  return user !== null && user.kind !== 'Guest';
}

/** The session every part of the app uses; main.tsx starts it. */
export const session = new SessionStore();
setAccessTokenSource(session);

async function me(accessToken: string): Promise<User> {
  return (await apiRequest<DataResponse<User>>('/auth/me', { token: accessToken })).data;
}

function usable(grant: Grant): boolean {
  return grant.expiresAt - expirySkewMs > Date.now();
}

function sameUser(a: User, b: User): boolean {
  return a.id === b.id && a.displayName === b.displayName && a.kind === b.kind && a.email === b.email;
}

function readStored(storage: Storage): StoredSession | null {
  const raw = storage.getItem(storageKey);
  if (!raw) {
    return null;
  }
  try {
    const value = JSON.parse(raw) as Partial<StoredSession> | null;
    const user = value?.user as Partial<User> | undefined;
    if (
      typeof value?.id === 'string' &&
      typeof value.refreshToken === 'string' &&
      typeof user?.id === 'string' &&
      typeof user.displayName === 'string' &&
      (user.kind === 'Account' || user.kind === 'Guest' || user.kind === 'External')
    ) {
      return { id: value.id, refreshToken: value.refreshToken, user: { ...(user as User), email: user.email ?? null } };
    }
  } catch {
    // Damaged: as if nobody were signed in.
  }
  return null;
}

function newSessionId(): string {
  // crypto.getRandomValues works outside secure contexts too (randomUUID does not).
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
}

function ignore(): void {
  // A failed background refresh is retried (scheduleRefresh) or surfaces on the next call that needs a token.
}
