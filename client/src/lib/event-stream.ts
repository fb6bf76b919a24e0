import { apiBase } from '@/lib/api-client';
import { session } from '@/lib/session';

/** How an event stream is doing, for the small indicator next to live numbers. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed' | 'ended';

/** The parsed JSON of an event's data, or undefined when it is not JSON (never throws on a bad frame). */
export function parseEventData(event: MessageEvent): unknown {
  try {
    return JSON.parse(String(event.data));
  } catch {
    console.warn('ignored an event whose data is not JSON', event.type);
    return undefined;
  }
}

/**
 * An EventSource on an Api event stream (`path` under /api/v1) that carries whoever is signed in: a browser's
 * EventSource cannot send an Authorization header, so the access token goes as `?access_token=` (the Api takes it there
 * on event streams only). Private livestreams' events reach their creator and invited people only this way.
 *
 * `attach` sets up each EventSource opened (listeners, onopen, onerror). `connect()` opens one (again), with a current
 * token; the session renewing its token, or someone else signing in or out, opens a new one in place of an open one
 * (an access token lasts 15 minutes, and the Api reads it once, when the stream opens). One closed on purpose, or by an
 * error answer, is left to its owner's `connect()`.
 */
export class SessionEventSource {
  private source: EventSource | undefined;
  /** The token the current EventSource was opened with (null: none). */
  private token: string | null = null;
  private opening = 0;
  private stopped = false;
  private readonly unsubscribe: (() => void)[];

  private readonly path: string;
  private readonly attach: (source: EventSource) => void;

  constructor(path: string, attach: (source: EventSource) => void) {
    this.path = path;
    this.attach = attach;
    this.unsubscribe = [session.subscribe(this.onSessionChange), session.subscribeTokens(this.onSessionChange)];
  }

  connect(): void {
    if (this.stopped) {
      return;
    }
    const opening = ++this.opening;
    this.source?.close();
    const held = session.heldToken();
    if (held !== null || session.getUser() === null) {
      // At once when nothing needs fetching (nobody signed in, or a good token in hand).
      this.open(held);
      return;
    }
    void session
      .accessToken()
      .catch(() => null)
      .then((token) => {
        if (!this.stopped && opening === this.opening) {
          this.open(token);
        }
      });
  }

  private open(token: string | null): void {
    this.token = token;
    const url = `${apiBase}${this.path}`;
    this.source = new EventSource(token ? `${url}${url.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}` : url);
    this.attach(this.source);
  }

  close(): void {
    this.stopped = true;
    this.opening += 1;
    this.source?.close();
    this.unsubscribe.forEach((unsubscribe) => unsubscribe());
  }

  private readonly onSessionChange = (): void => {
    // Still opening (the one before is closed then): that one reads the newest token anyway.
    if (this.source === undefined || this.source.readyState === EventSource.CLOSED) {
      return;
    }
    const signedIn = session.getUser() !== null;
    const wanted = signedIn ? session.heldToken() : null;
    // A renewed token, someone else signed in, or signed out: reopen with what is current (fetching a token if needed).
    if (wanted !== this.token || (signedIn && wanted === null)) {
      this.connect();
    }
  };
}
