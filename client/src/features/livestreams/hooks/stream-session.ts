import { ApiError, errorMessage } from '@/lib/api-client';
import type { JoinResult } from '@/types/api';

export type SessionState =
  | { phase: 'joining' }
  | { phase: 'joined'; join: JoinResult }
  /** The Api says this user already has a session in the stream (another tab, or one not yet left). */
  | { phase: 'conflict'; message: string }
  | { phase: 'failed'; message: string }
  /** The Api refuses this user a session here (403: banned by the host); trying again does not help. */
  | { phase: 'refused'; message: string }
  | { phase: 'left' };

export interface SessionApi {
  join: (signal: AbortSignal) => Promise<JoinResult>;
  /** Must survive the page closing (keepalive). */
  leave: () => void;
}

/** A reload's leave (keepalive) can reach the Api after the new page's join: one retry after this long. */
const conflictRetryDelayMs = 1_500;

/**
 * One join of one user to one stream, and its leave, sent at most once whoever asks (unmount, page hide, the
 * Leave button, the media connection dropping). A leave asked for while the join is still out is sent once the
 * join succeeds, so no session is left behind.
 */
export class StreamSession {
  readonly key: string;
  private readonly api: SessionApi;
  private readonly onChange: () => void;
  private current: SessionState = { phase: 'joining' };
  private started = false;
  private leaveRequested = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(key: string, api: SessionApi, onChange: () => void) {
    this.key = key;
    this.api = api;
    this.onChange = onChange;
  }

  get state(): SessionState {
    return this.current;
  }

  get isLeaving(): boolean {
    return this.leaveRequested;
  }

  start(): void {
    if (this.started) {
      return;
    }
    this.started = true;
    void this.join(true);
  }

  /** Ends the session; only the first call does anything. */
  leave(): void {
    if (this.leaveRequested) {
      return;
    }
    this.leaveRequested = true;
    clearTimeout(this.retryTimer);
    if (this.current.phase === 'joined') {
      this.api.leave();
    }
    // While joining, join() sends it when the answer comes; after a failure there is nothing to leave.
    this.set({ phase: 'left' });
  }

  /**
   * Joins here even though the Api reports an active session for this user (e.g. another tab): that session is
   * ended first. Also retries after a failure.
   */
  takeOver(): void {
    if (this.leaveRequested || (this.current.phase !== 'conflict' && this.current.phase !== 'failed')) {
      return;
    }
    const conflict = this.current.phase === 'conflict';
    if (conflict) {
      this.api.leave();
    }
    this.set({ phase: 'joining' });
    // The leave just sent and this join race to the Api: a join that still meets the old session tries once more.
    void this.join(conflict);
  }

  private async join(retryOnConflict: boolean): Promise<void> {
    const abort = new AbortController();
    try {
      const join = await this.api.join(abort.signal);
      if (this.leaveRequested) {
        // Left while the join was out: the session exists now, so end it (the only leave this session sends).
        this.api.leave();
        return;
      }
      this.set({ phase: 'joined', join });
    } catch (error) {
      if (this.leaveRequested) {
        return;
      }
      const conflict = error instanceof ApiError && error.status === 409;
      if (conflict && retryOnConflict) {
        this.retryTimer = setTimeout(() => void this.join(false), conflictRetryDelayMs);
        return;
      }
      const refused = error instanceof ApiError && error.status === 403;
      this.set({ phase: conflict ? 'conflict' : refused ? 'refused' : 'failed', message: errorMessage(error) });
    }
  }

  private set(state: SessionState): void {
    this.current = state;
    this.onChange();
  }
}
