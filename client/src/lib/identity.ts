// Who this browser tab is. The Api has no login yet, so a person picks a display name once and gets a random
// user id; both are sent as createdBy / userId / requestingUserId.
//
// The identity lives in localStorage (every tab of this browser shares it). A tab can become someone else:
// that identity lives in sessionStorage, so it stays with this tab (also across reloads) and ends with it.

export interface Identity {
  id: string;
  displayName: string;
  /** 'tab' when this tab has its own identity, 'browser' when it uses the one every tab shares. */
  scope: 'browser' | 'tab';
}

const browserKey = 'favorited.identity';
const tabKey = 'favorited.tab-identity';
// The original client kept only a generated id under this key; it is reused so its streams stay "yours".
const legacyIdKey = 'favorited_user_id';

const listeners = new Set<() => void>();
let cached: { raw: string; identity: Identity | null } | undefined;

/** This tab's identity, or null until a display name has been chosen. The same object until it changes. */
export function getIdentity(): Identity | null {
  const tabRaw = sessionStorage.getItem(tabKey);
  const browserRaw = localStorage.getItem(browserKey);
  const raw = `${tabRaw ?? ''}\u0000${browserRaw ?? ''}`;
  if (cached?.raw !== raw) {
    const tab = parse(tabRaw, 'tab');
    cached = { raw, identity: tab ?? parse(browserRaw, 'browser') };
  }
  return cached.identity;
}

/** The identity every tab shares (ignoring this tab's own), e.g. to offer going back to it. */
export function getBrowserIdentity(): Identity | null {
  return parse(localStorage.getItem(browserKey), 'browser');
}

export function subscribeToIdentity(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab changing the shared identity.
  const onStorage = (event: StorageEvent) => {
    if (event.key === null || event.key === browserKey) {
      listener();
    }
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** Sets the shared display name, keeping the user id when there is one. */
export function chooseDisplayName(displayName: string): void {
  const current = getBrowserIdentity();
  const id = current?.id ?? localStorage.getItem(legacyIdKey) ?? newUserId();
  localStorage.setItem(browserKey, JSON.stringify({ id, displayName }));
  notify();
}

/** Renames whoever this tab is (its own identity if it has one, else the shared one). */
export function renameIdentity(displayName: string): void {
  const current = getIdentity();
  if (current?.scope === 'tab') {
    sessionStorage.setItem(tabKey, JSON.stringify({ id: current.id, displayName }));
    notify();
  } else {
    chooseDisplayName(displayName);
  }
}

/** Makes this tab a new person with a new user id; other tabs keep theirs. */
export function startTabIdentity(displayName: string): void {
  sessionStorage.setItem(tabKey, JSON.stringify({ id: newUserId(), displayName }));
  notify();
}

/** This tab goes back to the identity every tab shares. */
export function endTabIdentity(): void {
  sessionStorage.removeItem(tabKey);
  notify();
}

/** "user-" and 12 random base-36 characters (crypto.getRandomValues works outside secure contexts too). */
export function newUserId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `user-${Array.from(bytes, (b) => (b % 36).toString(36)).join('')}`;
}

function parse(raw: string | null, scope: Identity['scope']): Identity | null {
  if (!raw) {
    return null;
  }
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'object' && value !== null) {
      const { id, displayName } = value as { id?: unknown; displayName?: unknown };
      if (typeof id === 'string' && id && typeof displayName === 'string' && displayName.trim()) {
        return { id, displayName, scope };
      }
    }
  } catch {
    // Not ours, or damaged: treated as absent, so the person picks a name again.
  }
  return null;
}

function notify(): void {
  for (const listener of listeners) {
    listener();
  }
}

/** The Api's join limits for display names (JoinRequest): 1–100 characters and at most 256 UTF-8 bytes. */
export const displayNameMaxLength = 100;
const displayNameMaxBytes = 256;

/** The problem with a display name, or null when the Api will take it. */
export function validateDisplayName(displayName: string): string | null {
  if (!displayName.trim()) {
    return 'Pick a display name';
  }
  if (displayName.length > displayNameMaxLength || new TextEncoder().encode(displayName).length > displayNameMaxBytes) {
    return `At most ${displayNameMaxLength} characters`;
  }
  return null;
}
