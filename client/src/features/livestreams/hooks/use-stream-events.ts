import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useReducer, useRef, useState } from 'react';
import { parseEventData, SessionEventSource } from '@/lib/event-stream';
import { applyLivestreamUpdate, patchLivestreamStatus } from '../api/apply-stream-notice';
import { announcementTypes, isStreamState, parseAnnouncement } from '../api/event-guards';
import { livestreamKeys } from '../api/query-keys';
import { AnnouncementBus } from './stream-announcements';
import { initialStreamEvents, streamEventsReducer, type StreamEventsState } from './stream-events-reducer';

const eventTypes = ['state', 'room_started', 'viewer_count_update', 'room_ended'] as const;

/** After an error answer (the browser gives up): try again after 2, 4, 8, 16 s, then leave it to the Retry button. */
const autoRetryDelaysMs = [2_000, 4_000, 8_000, 16_000];

/**
 * One stream's live state over GET /api/v1/livestreams/{id}/events. The browser reconnects by itself after a drop,
 * sending Last-Event-ID; after `room_ended` the connection is closed and never reopened. An error answer (the Api
 * restarting, 429, 503) is retried a few times while `retryWhileLive` says the stream is live; a stream without
 * live state (404, e.g. ended long ago) is left closed. It carries the signed-in person's access token (a private
 * stream's events reach its creator and invited people only), and reopens with a renewed one.
 *
 * Announcements (chat, moderation, stage, `stream_updated`) go to `announcements`, each once (by id: a reconnect with
 * Last-Event-ID replays those missed, and may repeat one). The Api's `resync` (it no longer has all that were missed),
 * and a new connection in place of one that was open (a renewed token: no Last-Event-ID then), publish `resync`, so what
 * is shown from them is loaded again. `stream_updated` also updates the stream wherever the cache holds it.
 */
export function useStreamEvents(
  streamId: string,
  enabled: boolean,
  retryWhileLive = false,
): StreamEventsState & { retry: () => void; announcements: AnnouncementBus } {
  const queryClient = useQueryClient();
  const [announcements] = useState(() => new AnnouncementBus());
  const [events, dispatch] = useReducer(streamEventsReducer, initialStreamEvents);
  const [attempt, retry] = useReducer((n: number) => n + 1, 0);
  // Read when a connection fails, not a reason to reconnect.
  const autoRetry = useRef(retryWhileLive);
  // Whether an event stream of this stream was ever open here (a later one, without Last-Event-ID, may have missed some).
  const everOpened = useRef(false);
  useEffect(() => {
    autoRetry.current = retryWhileLive;
  }, [retryWhileLive]);

  useEffect(() => {
    if (!enabled) {
      return;
    }
    dispatch({ kind: 'reset' });
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let lastAnnouncementId = 0;
    const resync = () => announcements.publish({ type: 'resync', id: 0, data: null });

    const stream = new SessionEventSource(`/livestreams/${encodeURIComponent(streamId)}/events`, (current) => {
      let opened = false;
      for (const type of announcementTypes) {
        current.addEventListener(type, (event: MessageEvent) => {
          const id = Number(event.lastEventId) || 0;
          const announcement = parseAnnouncement(type, id, parseEventData(event));
          if (!announcement || (id > 0 && id <= lastAnnouncementId)) {
            return;
          }
          lastAnnouncementId = Math.max(lastAnnouncementId, id);
          if (announcement.type === 'stream_updated') {
            applyLivestreamUpdate(queryClient, announcement.data);
          }
          announcements.publish(announcement);
        });
      }
      current.addEventListener('resync', resync);
      for (const type of eventTypes) {
        current.addEventListener(type, (event: MessageEvent) => {
          const data = parseEventData(event);
          if (!isStreamState(data)) {
            return;
          }
          dispatch({ kind: 'event', type, id: Number(event.lastEventId) || 0, data });
          if (type === 'room_ended') {
            current.close();
          }
        });
      }
      current.onopen = () => {
        failures = 0;
        // The browser's own reconnects (this EventSource again) send Last-Event-ID and get what they missed; a new one
        // does not.
        if (everOpened.current && !opened) {
          resync();
        }
        everOpened.current = true;
        opened = true;
        dispatch({ kind: 'connection', connection: 'open' });
      };
      current.onerror = () => {
        if (current.readyState !== EventSource.CLOSED) {
          dispatch({ kind: 'connection', connection: 'reconnecting' });
          return;
        }
        dispatch({ kind: 'connection', connection: 'closed' });
        const delay = autoRetryDelaysMs[failures];
        if (autoRetry.current && delay !== undefined) {
          failures += 1;
          retryTimer = setTimeout(() => stream.connect(), delay);
        }
      };
    });

    stream.connect();
    return () => {
      stream.close();
      clearTimeout(retryTimer);
    };
  }, [streamId, enabled, attempt, queryClient, announcements]);

  const status = events.state?.status;
  useEffect(() => {
    if (status === 'ENDED') {
      patchLivestreamStatus(queryClient, streamId, 'ENDED');
      // For the end time.
      void queryClient.invalidateQueries({ queryKey: livestreamKeys.detail(streamId) });
    }
  }, [queryClient, streamId, status]);

  return { ...events, retry, announcements };
}
