import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useReducer } from 'react';
import { apiBase } from '@/lib/api-client';
import { parseEventData } from '@/lib/event-stream';
import { patchLivestreamStatus } from '../api/apply-stream-notice';
import { isStreamState } from '../api/event-guards';
import { livestreamKeys } from '../api/query-keys';
import { initialStreamEvents, streamEventsReducer, type StreamEventsState } from './stream-events-reducer';

const eventTypes = ['state', 'room_started', 'viewer_count_update', 'room_ended'] as const;

/**
 * One stream's live state over GET /api/v1/livestreams/{id}/events. The browser reconnects by itself, sending
 * Last-Event-ID; after `room_ended` the connection is closed and never reopened. A connection the Api refused
 * (no live state: 404) is left closed.
 */
export function useStreamEvents(streamId: string, enabled: boolean): StreamEventsState & { retry: () => void } {
  const queryClient = useQueryClient();
  const [events, dispatch] = useReducer(streamEventsReducer, initialStreamEvents);
  const [attempt, retry] = useReducer((n: number) => n + 1, 0);

  useEffect(() => {
    if (!enabled) {
      return;
    }
    dispatch({ kind: 'reset' });
    const source = new EventSource(`${apiBase}/livestreams/${encodeURIComponent(streamId)}/events`);
    for (const type of eventTypes) {
      source.addEventListener(type, (event: MessageEvent) => {
        const data = parseEventData(event);
        if (!isStreamState(data)) {
          return;
        }
        dispatch({ kind: 'event', type, id: Number(event.lastEventId) || 0, data });
        if (type === 'room_ended') {
          source.close();
        }
      });
    }
    source.onopen = () => dispatch({ kind: 'connection', connection: 'open' });
    source.onerror = () =>
      dispatch({ kind: 'connection', connection: source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting' });
    return () => source.close();
  }, [streamId, enabled, attempt]);

  const status = events.state?.status;
  useEffect(() => {
    if (status === 'ENDED') {
      patchLivestreamStatus(queryClient, streamId, 'ENDED');
      // For the end time.
      void queryClient.invalidateQueries({ queryKey: livestreamKeys.detail(streamId) });
    }
  }, [queryClient, streamId, status]);

  return { ...events, retry };
}
