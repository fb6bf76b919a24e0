import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/lib/api-client';
import type { JoinResult } from '@/types/api';
import { StreamSession, type SessionApi } from './stream-session';

const joinResult = { token: 't', url: 'ws://livekit', participant: {} } as JoinResult;

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('StreamSession', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function session(join: SessionApi['join']) {
    const api = { join: vi.fn(join), leave: vi.fn() };
    const onChange = vi.fn();
    return { api, onChange, session: new StreamSession('key', api, onChange) };
  }

  it('joins once and leaves exactly once, however many times leaving is asked for', async () => {
    const { api, session: s } = session(() => Promise.resolve(joinResult));
    s.start();
    s.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(api.join).toHaveBeenCalledTimes(1);
    expect(s.state).toEqual({ phase: 'joined', join: joinResult });

    s.leave();
    s.leave();
    s.leave();
    expect(api.leave).toHaveBeenCalledTimes(1);
    expect(s.state.phase).toBe('left');
  });

  it('sends a leave asked for during the join once the join has succeeded', async () => {
    const pending = deferred<JoinResult>();
    const { api, session: s } = session(() => pending.promise);
    s.start();
    s.leave();
    expect(api.leave).not.toHaveBeenCalled();
    pending.resolve(joinResult);
    await vi.advanceTimersByTimeAsync(0);
    expect(api.leave).toHaveBeenCalledTimes(1);
    s.leave();
    expect(api.leave).toHaveBeenCalledTimes(1);
  });

  it('has nothing to leave when the join failed', async () => {
    const { api, session: s } = session(() => Promise.reject(new ApiError(400, 'ValidationError', 'Cannot join')));
    s.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(s.state).toEqual({ phase: 'failed', message: 'Cannot join' });
    s.leave();
    expect(api.leave).not.toHaveBeenCalled();
  });

  it('reports a refusal (403, e.g. banned) as such, not as a failure to try again', async () => {
    const { api, session: s } = session(() => Promise.reject(new ApiError(403, 'AuthorizationError', 'You are banned from this livestream')));
    s.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(s.state).toEqual({ phase: 'refused', message: 'You are banned from this livestream' });
    s.takeOver();
    expect(api.join).toHaveBeenCalledTimes(1);
  });

  it('retries a conflict once (a reload’s leave may arrive late), then reports it', async () => {
    const conflict = new ApiError(409, 'ConflictError', 'User is already an active participant in this livestream');
    const { api, session: s } = session(() => Promise.reject(conflict));
    s.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(s.state.phase).toBe('joining');
    await vi.advanceTimersByTimeAsync(1_500);
    expect(api.join).toHaveBeenCalledTimes(2);
    expect(s.state).toEqual({ phase: 'conflict', message: conflict.message });
  });

  it('takes over after a conflict: ends the other session, joins, and later leaves once', async () => {
    let calls = 0;
    const { api, session: s } = session(() =>
      ++calls <= 2 ? Promise.reject(new ApiError(409, 'ConflictError', 'busy')) : Promise.resolve(joinResult),
    );
    s.start();
    await vi.advanceTimersByTimeAsync(1_500);
    expect(s.state.phase).toBe('conflict');

    s.takeOver();
    expect(api.leave).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(s.state.phase).toBe('joined');
    s.leave();
    expect(api.leave).toHaveBeenCalledTimes(2);
  });

  it('takes over even when its join reaches the Api before the other session’s leave', async () => {
    let calls = 0;
    const { api, session: s } = session(() =>
      ++calls <= 3 ? Promise.reject(new ApiError(409, 'ConflictError', 'busy')) : Promise.resolve(joinResult),
    );
    s.start();
    await vi.advanceTimersByTimeAsync(1_500);
    s.takeOver();
    await vi.advanceTimersByTimeAsync(0);
    expect(s.state.phase).toBe('joining');
    await vi.advanceTimersByTimeAsync(1_500);
    expect(s.state.phase).toBe('joined');
    expect(api.join).toHaveBeenCalledTimes(4);
    expect(api.leave).toHaveBeenCalledTimes(1);
  });

  it('does not join after leaving during a conflict retry', async () => {
    const { api, session: s } = session(() => Promise.reject(new ApiError(409, 'ConflictError', 'busy')));
    s.start();
    await vi.advanceTimersByTimeAsync(0);
    s.leave();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(api.join).toHaveBeenCalledTimes(1);
    expect(api.leave).not.toHaveBeenCalled();
  });
});
