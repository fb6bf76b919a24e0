import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource } from '@/testing/fake-event-source';
import { createTestQueryClient, livestream, streamState, withQueryClient } from '@/testing/test-utils';
import type { ChatMessage, Livestream, StreamAnnouncement } from '@/types/api';
import { livestreamKeys } from '../api/query-keys';
import { useStreamEvents } from './use-stream-events';

const id = '00000000-0000-4000-8000-000000000001';

describe('useStreamEvents', () => {
  beforeEach(() => {
    FakeEventSource.reset();
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(() => vi.unstubAllGlobals());

  function render(enabled = true, retryWhileLive = false) {
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(livestreamKeys.detail(id), livestream({ id }));
    const hook = renderHook(() => useStreamEvents(id, enabled, retryWhileLive), { wrapper: withQueryClient(queryClient) });
    return { ...hook, queryClient };
  }

  /** Everything the hook's bus publishes, in order. */
  function heard(bus: { subscribe: (listener: (a: StreamAnnouncement) => void) => () => void }): StreamAnnouncement[] {
    const seen: StreamAnnouncement[] = [];
    bus.subscribe((announcement) => seen.push(announcement));
    return seen;
  }

  const chat = (messageId: number): ChatMessage => ({
    id: messageId,
    streamId: id,
    userId: 'u',
    displayName: 'U',
    text: `hello ${messageId}`,
    createdAt: '2026-01-01T10:00:00.000Z',
  });

  it('opens one connection to the stream’s events and applies them in order', () => {
    const { result } = render();
    expect(FakeEventSource.instances).toHaveLength(1);
    const source = FakeEventSource.latest();
    expect(source.url).toBe(`/api/v1/livestreams/${id}/events`);

    act(() => {
      source.open();
      source.emit('state', streamState({ viewerCount: 1 }), 3);
      source.emit('viewer_count_update', streamState({ viewerCount: 2, peakViewerCount: 2 }), 4);
      source.emit('viewer_count_update', streamState({ viewerCount: 9 }), 4);
    });
    expect(result.current.connection).toBe('open');
    expect(result.current.state?.viewerCount).toBe(2);
    expect(result.current.state?.peakViewerCount).toBe(2);
    expect(result.current.lastEventId).toBe(4);
  });

  it('closes on room_ended, never reconnects, and marks the stream ENDED in the cache', () => {
    const { result, queryClient } = render();
    const source = FakeEventSource.latest();
    act(() => {
      source.open();
      source.emit('state', streamState(), 1);
      source.emit('room_ended', streamState({ status: 'ENDED' }), 2);
    });
    expect(source.closed).toBe(true);
    expect(result.current.connection).toBe('ended');
    expect(result.current.state?.status).toBe('ENDED');
    expect(queryClient.getQueryData<Livestream>(livestreamKeys.detail(id))?.status).toBe('ENDED');
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('shows a retried drop as reconnecting, and a refusal as closed until retried', () => {
    const { result } = render();
    const first = FakeEventSource.latest();
    act(() => first.fail({ closed: false }));
    expect(result.current.connection).toBe('reconnecting');
    act(() => first.fail({ closed: true }));
    expect(result.current.connection).toBe('closed');
    expect(FakeEventSource.instances).toHaveLength(1);

    act(() => result.current.retry());
    expect(first.closed).toBe(true);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(result.current.connection).toBe('connecting');
  });

  it('tries a refused connection of a live stream again a few times, then leaves it to the Retry button', async () => {
    vi.useFakeTimers();
    try {
      const queryClient = createTestQueryClient();
      const { result } = renderHook(() => useStreamEvents(id, true, true), { wrapper: withQueryClient(queryClient) });
      for (const delay of [2_000, 4_000, 8_000, 16_000]) {
        const count = FakeEventSource.instances.length;
        act(() => FakeEventSource.latest().fail({ closed: true }));
        expect(result.current.connection).toBe('closed');
        await act(() => vi.advanceTimersByTimeAsync(delay - 1));
        expect(FakeEventSource.instances).toHaveLength(count);
        await act(() => vi.advanceTimersByTimeAsync(1));
        expect(FakeEventSource.instances).toHaveLength(count + 1);
      }
      act(() => FakeEventSource.latest().fail({ closed: true }));
      await act(() => vi.advanceTimersByTimeAsync(60_000));
      expect(FakeEventSource.instances).toHaveLength(5);
      expect(result.current.connection).toBe('closed');
    } finally {
      vi.useRealTimers();
    }
  });

  it('ignores frames whose data is not a stream state', () => {
    const { result } = render();
    const source = FakeEventSource.latest();
    act(() => {
      source.emit('state', { nonsense: true }, 1);
    });
    expect(result.current.state).toBeNull();
  });

  it('opens nothing while disabled and closes the connection on unmount', () => {
    render(false);
    expect(FakeEventSource.instances).toHaveLength(0);
    const { unmount } = render(true);
    unmount();
    expect(FakeEventSource.latest().closed).toBe(true);
  });

  it('publishes each announcement once, by event id, and leaves the live state alone', () => {
    const { result } = render();
    const seen = heard(result.current.announcements);
    const source = FakeEventSource.latest();
    act(() => {
      source.open();
      source.emit('state', streamState({ viewerCount: 1 }), 4);
      source.emit('chat_message', chat(1), 5);
      source.emit('chat_message', chat(1), 5);
      source.emit('chat_message_deleted', { id: 1, deletedBy: 'user-host' }, 6);
      source.emit('stage_changed', { userId: 'u', displayName: 'U', onStage: true, by: 'user-host' }, 7);
      source.emit('chat_message', { nonsense: true }, 8);
      source.emit('participant_removed', { userId: 'u', reason: 'spam', by: 'user-host' }, 6);
    });
    expect(seen.map((a) => [a.type, a.id])).toEqual([
      ['chat_message', 5],
      ['chat_message_deleted', 6],
      ['stage_changed', 7],
    ]);
    expect(result.current.state?.viewerCount).toBe(1);
    expect(result.current.lastEventId).toBe(4);
  });

  it('applies stream_updated to the cached stream (not an older one), and publishes it', () => {
    const { result, queryClient } = render();
    const seen = heard(result.current.announcements);
    const source = FakeEventSource.latest();
    const edited = livestream({ id, title: 'New title', updatedAt: '2026-01-01T11:00:00.000Z' });
    act(() => {
      source.open();
      source.emit('stream_updated', edited, 3);
      source.emit('stream_updated', livestream({ id, title: 'Older', updatedAt: '2026-01-01T10:30:00.000Z' }), 4);
    });
    expect(queryClient.getQueryData<Livestream>(livestreamKeys.detail(id))?.title).toBe('New title');
    expect(seen.map((a) => a.type)).toEqual(['stream_updated', 'stream_updated']);
  });

  it('passes the Api’s resync on, and asks for one when a new connection replaces one that was open', async () => {
    vi.useFakeTimers();
    try {
      const { result } = render(true, true);
      const seen = heard(result.current.announcements);
      const first = FakeEventSource.latest();
      act(() => {
        first.open();
        first.emit('resync', {});
      });
      expect(seen.map((a) => a.type)).toEqual(['resync']);
      // The browser's own reconnect (same EventSource, Last-Event-ID sent) needs none.
      act(() => {
        first.fail({ closed: false });
        first.open();
      });
      expect(seen).toHaveLength(1);
      // An error answer: a new EventSource later, without Last-Event-ID.
      act(() => first.fail({ closed: true }));
      await act(() => vi.advanceTimersByTimeAsync(2_000));
      const second = FakeEventSource.latest();
      expect(second).not.toBe(first);
      act(() => second.open());
      expect(seen.map((a) => a.type)).toEqual(['resync', 'resync']);
    } finally {
      vi.useRealTimers();
    }
  });
});
