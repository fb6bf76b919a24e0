import { describe, expect, it } from 'vitest';
import { streamState } from '@/testing/test-utils';
import { initialStreamEvents, streamEventsReducer, type StreamEventAction } from './stream-events-reducer';

const event = (type: 'state' | 'room_started' | 'viewer_count_update' | 'room_ended', id: number, viewerCount: number) =>
  ({
    kind: 'event',
    type,
    id,
    data: streamState({ viewerCount, status: type === 'room_ended' ? 'ENDED' : 'LIVE' }),
  }) satisfies StreamEventAction;

const run = (...actions: StreamEventAction[]) => actions.reduce(streamEventsReducer, initialStreamEvents);

describe('streamEventsReducer', () => {
  it('applies the opening state, also before any event (id 0)', () => {
    const result = run(event('state', 0, 2));
    expect(result.state?.viewerCount).toBe(2);
    expect(result.lastEventId).toBe(0);
  });

  it('applies newer events in id order and ignores repeated or older ones', () => {
    const result = run(
      event('state', 4, 1),
      event('viewer_count_update', 5, 2),
      event('viewer_count_update', 5, 9), // a repeat after a reconnect
      event('viewer_count_update', 3, 7), // older than what was seen
      event('viewer_count_update', 6, 3),
    );
    expect(result.state?.viewerCount).toBe(3);
    expect(result.lastEventId).toBe(6);
  });

  it('takes a reconnect’s state as of the last seen id, but not an older one', () => {
    const seen = run(event('state', 2, 1), event('viewer_count_update', 3, 2));
    expect(streamEventsReducer(seen, event('state', 3, 2)).state?.viewerCount).toBe(2);
    expect(streamEventsReducer(seen, event('state', 2, 1))).toBe(seen);
  });

  it('ends for good on room_ended: later events and connection changes change nothing', () => {
    const ended = run(
      { kind: 'connection', connection: 'open' },
      event('state', 1, 2),
      event('room_ended', 2, 2),
    );
    expect(ended.connection).toBe('ended');
    expect(ended.state?.status).toBe('ENDED');
    expect(streamEventsReducer(ended, event('viewer_count_update', 3, 0))).toBe(ended);
    expect(streamEventsReducer(ended, { kind: 'connection', connection: 'reconnecting' })).toBe(ended);
  });

  it('tracks the connection until the end, and starts over on reset', () => {
    expect(run({ kind: 'connection', connection: 'reconnecting' }).connection).toBe('reconnecting');
    expect(run(event('state', 5, 1), { kind: 'reset' })).toEqual(initialStreamEvents);
  });
});
