import { QueryObserver } from '@tanstack/react-query';
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource } from '@/testing/fake-event-source';
import { createTestQueryClient, livestream, withQueryClient } from '@/testing/test-utils';
import type { Livestream, StreamEventNotice } from '@/types/api';
import type { LiveStats } from '../api/get-live-stats';
import { livestreamKeys } from '../api/query-keys';
import { useLivestreamEvents } from './use-livestream-events';

const a = livestream({ id: 'a', status: 'LIVE' });
const b = livestream({ id: 'b', status: 'LIVE' });
const pageKey = livestreamKeys.list({ limit: 13, offset: 0 });

const notice = (streamId: string, id: number, viewerCount: number, type: StreamEventNotice['type'] = 'viewer_count_update'): StreamEventNotice => ({
  streamId,
  type,
  id,
  status: type === 'room_ended' ? 'ENDED' : 'LIVE',
  viewerCount,
});

describe('useLivestreamEvents', () => {
  beforeEach(() => {
    FakeEventSource.reset();
    vi.stubGlobal('EventSource', FakeEventSource);
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  function render() {
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(pageKey, [a, b]);
    queryClient.setQueryData<LiveStats>(livestreamKeys.live('a'), { status: 'LIVE', viewerCount: 0, eventId: 0 });
    queryClient.setQueryData<LiveStats>(livestreamKeys.live('b'), { status: 'LIVE', viewerCount: 4, eventId: 0 });
    const hook = renderHook(() => useLivestreamEvents(), { wrapper: withQueryClient(queryClient) });
    return { ...hook, queryClient, source: FakeEventSource.latest() };
  }

  const stats = (queryClient: ReturnType<typeof createTestQueryClient>, id: string) =>
    queryClient.getQueryData<LiveStats>(livestreamKeys.live(id));

  it('uses one connection for every card and patches counts and status into the cache', () => {
    const { result, queryClient, source } = render();
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(source.url).toBe('/api/v1/livestreams/events');

    act(() => {
      source.open();
      source.emit('viewer_count_update', notice('a', 1, 3));
      source.emit('viewer_count_update', notice('b', 7, 5));
      source.emit('room_ended', notice('b', 8, 5, 'room_ended'));
    });
    expect(result.current).toBe('open');
    expect(stats(queryClient, 'a')).toEqual({ status: 'LIVE', viewerCount: 3, eventId: 1 });
    expect(stats(queryClient, 'b')).toEqual({ status: 'ENDED', viewerCount: 5, eventId: 8 });
    expect(queryClient.getQueryData<Livestream[]>(pageKey)?.map((s) => s.status)).toEqual(['LIVE', 'ENDED']);
  });

  it('ignores a notice not newer than the last one applied for that stream', () => {
    const { queryClient, source } = render();
    act(() => {
      source.emit('viewer_count_update', notice('a', 5, 3));
      source.emit('viewer_count_update', notice('a', 4, 9));
      source.emit('viewer_count_update', notice('a', 5, 9));
    });
    expect(stats(queryClient, 'a')?.viewerCount).toBe(3);
  });

  it('fetches the lists again, once, when streams it does not show go live', async () => {
    const { queryClient, source } = render();
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    act(() => {
      source.emit('room_started', notice('new-1', 1, 0, 'room_started'));
      source.emit('room_started', notice('new-2', 1, 0, 'room_started'));
      source.emit('viewer_count_update', notice('elsewhere', 3, 2));
    });
    expect(invalidate).not.toHaveBeenCalled();
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(invalidate).toHaveBeenCalledTimes(1);
    expect(invalidate).toHaveBeenCalledWith({ queryKey: livestreamKeys.lists() });
    expect(stats(queryClient, 'elsewhere')).toBeUndefined();
  });

  it('marks what was fetched before the connection opened as stale, on the first open and after a reconnect', async () => {
    const { queryClient, source } = render();
    const isStale = () => queryClient.getQueryState(pageKey)?.isInvalidated;
    await act(() => vi.advanceTimersByTimeAsync(10));
    act(() => source.open());
    expect(isStale()).toBe(true);

    queryClient.setQueryData(pageKey, [a, b]);
    expect(isStale()).toBe(false);
    await act(() => vi.advanceTimersByTimeAsync(10));
    act(() => source.fail({ closed: false }));
    expect(isStale()).toBe(false);
    act(() => source.open());
    expect(isStale()).toBe(true);
  });

  it('fetches the lists again when a stream it does not hold changes status while a first list fetch is under way', async () => {
    const { queryClient, source } = render();
    const pending: ((page: Livestream[]) => void)[] = [];
    const queryFn = vi.fn(() => new Promise<Livestream[]>((resolve) => pending.push(resolve)));
    const observer = new QueryObserver(queryClient, { queryKey: livestreamKeys.list({ limit: 13, offset: 13 }), queryFn });
    const unsubscribe = observer.subscribe(() => {});
    await act(() => vi.advanceTimersByTimeAsync(0));
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');

    act(() => source.emit('room_ended', notice('on-the-loading-page', 9, 0, 'room_ended')));
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(invalidate).toHaveBeenCalledWith({ queryKey: livestreamKeys.lists() });
    unsubscribe();
  });

  it('tries again with backoff when the browser gives up, and closes on unmount', async () => {
    const { result, source, unmount } = render();
    act(() => source.fail({ closed: true }));
    expect(result.current).toBe('closed');
    expect(FakeEventSource.instances).toHaveLength(1);
    await act(() => vi.advanceTimersByTimeAsync(2_000));
    expect(FakeEventSource.instances).toHaveLength(2);

    act(() => FakeEventSource.latest().fail({ closed: true }));
    await act(() => vi.advanceTimersByTimeAsync(2_000));
    expect(FakeEventSource.instances).toHaveLength(2);
    await act(() => vi.advanceTimersByTimeAsync(2_000));
    expect(FakeEventSource.instances).toHaveLength(3);

    unmount();
    expect(FakeEventSource.latest().closed).toBe(true);
    await act(() => vi.advanceTimersByTimeAsync(60_000));
    expect(FakeEventSource.instances).toHaveLength(3);
  });

  it('updates a card in place from stream_updated, as its data or as the notice’s payload', () => {
    const { queryClient, source } = render();
    act(() => {
      source.open();
      source.emit('stream_updated', { ...a, title: 'Renamed', updatedAt: '2026-01-01T11:00:00.000Z' });
      source.emit('stream_updated', {
        streamId: 'b',
        type: 'stream_updated',
        id: 9,
        status: 'LIVE',
        viewerCount: 4,
        payload: { ...b, description: 'Now with a description', updatedAt: '2026-01-01T11:00:00.000Z' },
      });
      source.emit('stream_updated', { nonsense: true });
    });
    const page = queryClient.getQueryData<Livestream[]>(pageKey);
    expect(page?.map((s) => s.title)).toEqual(['Renamed', b.title]);
    expect(page?.[1]?.description).toBe('Now with a description');
  });
});
