import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '@/lib/session';
import { ada, bob, FakeAuthApi } from '@/testing/fake-auth-api';
import { resetSession, signInAs } from '@/testing/session';
import { jsonResponse } from '@/testing/test-utils';
import { useStreamSession, type StreamSessionOptions } from './use-stream-session';

const options: StreamSessionOptions = {
  streamId: 'stream-1',
  userId: ada.id,
  role: 'VIEWER',
  enabled: true,
};

describe('useStreamSession', () => {
  let api: FakeAuthApi;
  const calls = (suffix: string) => api.calls.filter((call) => call.path.endsWith(suffix));
  /** Who each call was made as (by its bearer token). */
  const callers = (suffix: string) => calls(suffix).map((call) => api.userOf(call.token)?.id);

  beforeEach(async () => {
    api = new FakeAuthApi();
    api.addAccount(bob);
    await signInAs(api, ada);
    api.route = (call) =>
      call.path.endsWith('/join')
        ? jsonResponse(200, { success: true, data: { token: 'token', url: 'ws://livekit', participant: {} } })
        : jsonResponse(200, { success: true, message: 'Left livestream successfully' });
  });
  afterEach(async () => {
    // Unmounting leaves a tick later: let that happen while fetch is still the stub.
    cleanup();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await resetSession();
    vi.unstubAllGlobals();
  });

  async function flush() {
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
  }

  it('joins once under StrictMode’s mount, unmount, mount, and leaves once on unmount', async () => {
    const { result, unmount } = renderHook(() => useStreamSession(options), { reactStrictMode: true });
    await flush();
    expect(calls('/join')).toHaveLength(1);
    expect(calls('/leave')).toHaveLength(0);
    expect(result.current.state?.phase).toBe('joined');

    // Who joins, and under which name, the token says; the body only asks for the role.
    expect(calls('/join')[0]?.body).toEqual({ role: 'VIEWER' });
    expect(callers('/join')).toEqual([ada.id]);

    unmount();
    await flush();
    expect(calls('/leave')).toHaveLength(1);
    expect(calls('/leave')[0]).toMatchObject({ method: 'POST', path: '/livestreams/stream-1/leave', keepalive: true, body: undefined });
    expect(callers('/leave')).toEqual([ada.id]);
  });

  it('leaves once whether the page hides, the Leave button is pressed, or the component unmounts', async () => {
    const { result, unmount } = renderHook(() => useStreamSession(options));
    await flush();
    act(() => {
      window.dispatchEvent(new Event('pagehide'));
    });
    act(() => result.current.leave());
    unmount();
    await flush();
    expect(calls('/leave')).toHaveLength(1);
  });

  it('leaves as the old user (with the token it joined with) and joins as the new one when someone else signs in', async () => {
    const { rerender, unmount } = renderHook((props: StreamSessionOptions) => useStreamSession(props), {
      initialProps: options,
    });
    await flush();
    await act(() => session.signIn({ email: bob.email ?? '', password: 'Passw0rd!' }));
    rerender({ ...options, userId: bob.id });
    await flush();
    expect(callers('/join')).toEqual([ada.id, bob.id]);
    expect(callers('/leave')).toEqual([ada.id]);
    unmount();
    await flush();
    expect(callers('/leave')).toEqual([ada.id, bob.id]);
  });

  it('still leaves after signing out, with the token it joined with', async () => {
    const { rerender } = renderHook((props: StreamSessionOptions) => useStreamSession(props), { initialProps: options });
    await flush();
    await act(() => session.signOut());
    rerender({ ...options, userId: '', enabled: false });
    await flush();
    expect(calls('/leave')).toHaveLength(1);
    expect(calls('/leave')[0]?.token).toBe(calls('/join')[0]?.token);
  });

  it('leaves when disabled (the stream ended) and does not join again', async () => {
    const { result, rerender } = renderHook((props: StreamSessionOptions) => useStreamSession(props), {
      initialProps: options,
    });
    await flush();
    rerender({ ...options, enabled: false });
    await flush();
    expect(calls('/leave')).toHaveLength(1);
    expect(calls('/join')).toHaveLength(1);
    expect(result.current.state).toBeNull();
  });

  it('starts a new session on rejoin after leaving', async () => {
    const { result } = renderHook(() => useStreamSession(options));
    await flush();
    act(() => result.current.leave());
    expect(result.current.state?.phase).toBe('left');
    act(() => result.current.rejoin());
    await flush();
    expect(calls('/join')).toHaveLength(2);
    expect(result.current.state?.phase).toBe('joined');
  });
});
