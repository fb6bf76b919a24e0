import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { parseEventData, SessionEventSource, type ConnectionState } from '@/lib/event-stream';
import type { Livestream, StreamEventType } from '@/types/api';
import { applyLivestreamUpdate, applyStreamNotice } from '../api/apply-stream-notice';
import { isLivestream, isStreamEventNotice } from '../api/event-guards';
import { livestreamKeys } from '../api/query-keys';

const noticeTypes: StreamEventType[] = ['room_started', 'viewer_count_update', 'room_ended'];

/** When the browser gives up (the Api answered with an error), try again after this long, doubling up to the max. */
const retryDelayMs = { first: 2_000, max: 30_000 };
/** New streams appearing: the lists are fetched again at most this often. */
const listRefreshDelayMs = 1_000;

/**
 * The list page's one connection to GET /api/v1/livestreams/events: every stream's status and viewer-count
 * changes are patched into the cached pages (never one connection per card). A new stream going live
 * refreshes the lists; whatever was fetched before the connection opened is fetched again. It carries the signed-in
 * person's access token, so a creator also hears of their private streams. An edit (`stream_updated`, the stream as GET
 * returns it) updates the card in place.
 */
export function useLivestreamEvents(): ConnectionState {
  const queryClient = useQueryClient();
  const [connection, setConnection] = useState<ConnectionState>('connecting');

  useEffect(() => {
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let refreshTimer: ReturnType<typeof setTimeout> | undefined;
    let retryDelay = retryDelayMs.first;

    const refreshListsSoon = () => {
      refreshTimer ??= setTimeout(() => {
        refreshTimer = undefined;
        void queryClient.invalidateQueries({ queryKey: livestreamKeys.lists() });
      }, listRefreshDelayMs);
    };

    const onNotice = (event: MessageEvent) => {
      const notice = parseEventData(event);
      if (!isStreamEventNotice(notice)) {
        return;
      }
      const outcome = applyStreamNotice(queryClient, notice);
      // A new stream going live, or a status change that a list fetch now under way may have read too early.
      const statusChange = notice.type !== 'viewer_count_update';
      const listsLoading = queryClient.isFetching({ queryKey: livestreamKeys.lists() }) > 0;
      if (outcome === 'unknown-stream' && (notice.type === 'room_started' || (statusChange && listsLoading))) {
        refreshListsSoon();
      }
    };

    const onUpdate = (event: MessageEvent) => {
      const updated = livestreamOfUpdate(parseEventData(event));
      if (updated) {
        applyLivestreamUpdate(queryClient, updated);
      }
    };

    const stream = new SessionEventSource('/livestreams/events', (source) => {
      for (const type of noticeTypes) {
        source.addEventListener(type, onNotice);
      }
      source.addEventListener('stream_updated', onUpdate);
      source.onopen = () => {
        setConnection('open');
        retryDelay = retryDelayMs.first;
        // Whatever was fetched before this connection was subscribed (on the first open, after navigating back, after
        // a reconnect) may have missed events: fetch it again. Notices carry whole values, so later ones fix the rest.
        // A first fetch still under way is not sent again (TanStack Query joins it); a status change it may have
        // missed refreshes the lists (onNotice).
        const openedAt = Date.now();
        void queryClient.invalidateQueries({
          queryKey: livestreamKeys.all,
          predicate: (query) => query.state.dataUpdatedAt < openedAt,
        });
      };
      source.onerror = () => {
        if (source.readyState !== EventSource.CLOSED) {
          setConnection('reconnecting');
          return;
        }
        // The browser does not retry after an error answer (429, 503): we do, with backoff.
        setConnection('closed');
        source.close();
        retryTimer = setTimeout(() => stream.connect(), retryDelay);
        retryDelay = Math.min(retryDelay * 2, retryDelayMs.max);
      };
    });

    stream.connect();
    return () => {
      stream.close();
      clearTimeout(retryTimer);
      clearTimeout(refreshTimer);
    };
  }, [queryClient]);

  return connection;
}

/** The stream a `stream_updated` on this feed carries: as its data, or as the notice's `payload`. */
export function livestreamOfUpdate(data: unknown): Livestream | undefined {
  if (isLivestream(data)) {
    return data;
  }
  const payload = typeof data === 'object' && data !== null ? (data as { payload?: unknown }).payload : undefined;
  return isLivestream(payload) ? payload : undefined;
}
