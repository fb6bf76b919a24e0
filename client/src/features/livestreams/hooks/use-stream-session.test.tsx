import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '@/testing/test-utils';
import { useStreamSession, type StreamSessionOptions } from './use-stream-session';

const options: StreamSessionOptions = {
  streamId: 'stream-1',
  userId: 'user-1',
  displayName: 'Ada',
  role: 'VIEWER',
  enabled: true,
};

describe('useStreamSession', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  const calls = (suffix: string) =>
    fetchMock.mock.calls.filter(([url]) => typeof url === 'string' && url.endsWith(suffix));

  beforeEach(() => {
    fetchMock = vi.fn((url: string) =>
      Promise.resolve(
        url.endsWith('/join')
          ? jsonResponse(200, { success: true, data: { token: 'token', url: 'ws://livekit', participant: {} } })
          : jsonResponse(200, { success: true, message: 'Left livestream successfully' }),
      ),
    );
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(async () => {
    // Unmounting leaves a tick later: let that happen while fetch is still the stub.
    cleanup();
    await new Promise((resolve) => setTimeout(resolve, 0));
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

    const [, join] = calls('/join')[0] as [string, RequestInit];
    expect(JSON.parse(join.body as string)).toEqual({ userId: 'user-1', displayName: 'Ada', role: 'VIEWER' });

    unmount();
    await flush();
    expect(calls('/leave')).toHaveLength(1);
    const [url, leave] = calls('/leave')[0] as [string, RequestInit];
    expect(url).toBe('/api/v1/livestreams/stream-1/leave');
    expect(leave.keepalive).toBe(true);
    expect(JSON.parse(leave.body as string)).toEqual({ userId: 'user-1' });
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

  it('leaves the old session and joins a new one when the user changes', async () => {
    const { rerender, unmount } = renderHook((props: StreamSessionOptions) => useStreamSession(props), {
      initialProps: options,
    });
    await flush();
    rerender({ ...options, userId: 'user-2' });
    await flush();
    expect(calls('/join')).toHaveLength(2);
    expect(calls('/leave').map(([, init]) => JSON.parse((init as RequestInit).body as string) as unknown)).toEqual([
      { userId: 'user-1' },
    ]);
    unmount();
    await flush();
    expect(calls('/leave')).toHaveLength(2);
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
