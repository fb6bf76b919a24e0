import { useEffect, useReducer, useState, useSyncExternalStore } from 'react';
import type { ParticipantRole } from '@/types/api';
import { joinLivestream } from '../api/join-livestream';
import { leaveLivestream } from '../api/leave-livestream';
import { StreamSession, type SessionState } from './stream-session';

export interface StreamSessionOptions {
  streamId: string;
  /** Who is signed in: the join goes with their token, and a new user means a new session. */
  userId: string;
  role: ParticipantRole;
  /** Join only while true (the stream is LIVE); turning false leaves. */
  enabled: boolean;
}

export interface StreamSessionControls {
  state: SessionState | null;
  /** Leaves now (also what unmounting and closing the page do); only the first leave is sent. */
  leave: () => void;
  /** After a conflict or failure: join here anyway. */
  takeOver: () => void;
  /** After leaving: a new session. */
  rejoin: () => void;
}

/**
 * Joins the stream while mounted and leaves exactly once: on unmount, on `pagehide`, or when asked. The leave of
 * an unmount is deferred a tick, because StrictMode (development) unmounts and remounts at once; the remount keeps
 * the session instead of leaving and joining again.
 */
export function useStreamSession(options: StreamSessionOptions): StreamSessionControls {
  const { streamId, userId, role, enabled } = options;
  const [slot] = useState(() => new SessionSlot());
  const [generation, rejoin] = useReducer((n: number) => n + 1, 0);
  const key = enabled ? [streamId, userId, role, generation].join('\u0000') : null;

  useEffect(() => {
    if (key === null) {
      return;
    }
    const session = slot.acquire(key, {
      join: (signal) => joinLivestream(streamId, { role }, signal),
      leave: () => leaveLivestream(streamId, userId),
    });
    const onPageHide = () => session.leave();
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      slot.releaseSoon(session);
    };
    // The key holds every value the effect reads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [slot, key]);

  useEffect(() => {
    // A page restored from the back-forward cache left on pagehide: start over.
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) {
        rejoin();
      }
    };
    window.addEventListener('pageshow', onPageShow);
    return () => window.removeEventListener('pageshow', onPageShow);
  }, []);

  const state = useSyncExternalStore(slot.subscribe, slot.getState);
  return {
    state: key === null ? null : state,
    leave: slot.leave,
    takeOver: slot.takeOver,
    rejoin,
  };
}

/** Holds the component's current session (an external store, so effects may change it and renders read it). */
class SessionSlot {
  private session: StreamSession | null = null;
  private releaseTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();

  acquire(key: string, api: ConstructorParameters<typeof StreamSession>[1]): StreamSession {
    clearTimeout(this.releaseTimer);
    if (this.session?.key === key && !this.session.isLeaving) {
      return this.session;
    }
    this.session?.leave();
    this.session = new StreamSession(key, api, this.notify);
    this.session.start();
    this.notify();
    return this.session;
  }

  releaseSoon(session: StreamSession): void {
    this.releaseTimer = setTimeout(() => session.leave(), 0);
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): SessionState | null => this.session?.state ?? null;

  leave = () => this.session?.leave();

  takeOver = () => this.session?.takeOver();

  private notify = () => {
    for (const listener of this.listeners) {
      listener();
    }
  };
}
