import { useEffect, useReducer } from 'react';
import type { StreamState } from '@/types/api';
import { liveCounts, liveResolutionSeconds, liveSeriesReducer } from '../api/analytics-rules';
import { concurrencyPoints } from '../api/chart-data';
import { useStreamAnalytics } from '../api/get-stream-analytics';
import { AnalyticsError } from './analytics-error';
import { ConcurrencyChart } from './concurrency-chart';
import '../analytics.css';

/** The fetched figures are the authority: fetched again this often while live, and once more when the stream ends. */
const refetchEveryMs = 60_000;

/**
 * The host's audience while live, in 10-s buckets: the history is fetched once, then every live state the page's event
 * stream brings (`state`, `viewer_count_update`) raises the current bucket, and a new bucket opens every 10 s.
 */
export default function LiveAudienceChart({ streamId, state, ended }: { streamId: string; state: StreamState | null; ended: boolean }) {
  const analytics = useStreamAnalytics(streamId, liveResolutionSeconds, { refreshEveryMs: refetchEveryMs });
  const [series, dispatch] = useReducer(liveSeriesReducer, null);
  const { data: fetched, dataUpdatedAt, refetch } = analytics;

  useEffect(() => {
    if (fetched) {
      dispatch({ kind: 'fetched', analytics: fetched, at: Date.now() });
    }
  }, [fetched, dataUpdatedAt]);

  useEffect(() => {
    if (state) {
      dispatch({ kind: 'counts', counts: liveCounts(state), at: Date.now() });
    }
  }, [state]);

  useEffect(() => {
    if (ended) {
      // The final figures replace what was grown here.
      void refetch();
      return;
    }
    const timer = setInterval(() => dispatch({ kind: 'tick', at: Date.now() }), liveResolutionSeconds * 1000);
    return () => clearInterval(timer);
  }, [ended, refetch]);

  if (analytics.isError && !series) {
    return <AnalyticsError error={analytics.error} />;
  }
  if (!series) {
    return null;
  }
  return (
    <figure
      className="live-audience"
      data-testid="live-audience-chart"
      data-viewers={series.current.viewers}
      data-hosts={series.current.hosts}
      data-buckets={series.viewers.length}
      data-final={series.final}
    >
      <ConcurrencyChart
        label="Viewers and hosts since the start, live"
        points={concurrencyPoints({ resolution: series.resolution, viewers: series.viewers, hosts: series.hosts })}
        peak={null}
        height={150}
      />
      <figcaption className="muted">
        {series.final
          ? 'Viewers and hosts over the whole stream (final).'
          : `Viewers and hosts since the start, the most in each ${liveResolutionSeconds}-second interval; ${series.current.viewers} watching now.`}
      </figcaption>
    </figure>
  );
}
