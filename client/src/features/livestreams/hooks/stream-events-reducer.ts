import type { ConnectionState } from '@/lib/event-stream';
import type { StreamState, StreamEventType } from '@/types/api';

export interface StreamEventsState {
  /** The latest live state, or null before the first event. */
  state: StreamState | null;
  /** The id of the newest event applied (0 before any). */
  lastEventId: number;
  connection: ConnectionState;
}

export type StreamEventAction =
  | { kind: 'event'; type: 'state' | StreamEventType; id: number; data: StreamState }
  | { kind: 'connection'; connection: ConnectionState }
  | { kind: 'reset' };

export const initialStreamEvents: StreamEventsState = { state: null, lastEventId: 0, connection: 'connecting' };

/**
 * Applies one stream's events in id order. `state` is a snapshot as of its id, so it applies when not older than
 * what was seen; every other event applies only when newer (a reconnect may repeat one). `room_ended` is final.
 */
export function streamEventsReducer(current: StreamEventsState, action: StreamEventAction): StreamEventsState {
  switch (action.kind) {
    case 'reset':
      return initialStreamEvents;
    case 'connection':
      return current.connection === 'ended' || current.connection === action.connection
        ? current
        : { ...current, connection: action.connection };
    case 'event': {
      const isNewer = action.type === 'state' ? action.id >= current.lastEventId : action.id > current.lastEventId;
      if (!isNewer || current.connection === 'ended') {
        return current;
      }
      return {
        state: action.data,
        lastEventId: Math.max(current.lastEventId, action.id),
        connection: action.type === 'room_ended' ? 'ended' : current.connection,
      };
    }
  }
}
