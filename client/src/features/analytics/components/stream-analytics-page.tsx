import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Loading } from '@/components/loading';
import { useLivestream } from '@/features/livestreams/api/get-livestream';
import type { Livestream, StreamAnalytics } from '@/types/api';
import {
  defaultResolution,
  formatElapsed,
  parseResolution,
  resolutionChoices,
  resolutionLabel,
  streamDurationSeconds,
} from '../api/analytics-rules';
import { formatUtcDateTime } from '../api/chart-data';
import { useStreamAnalytics } from '../api/get-stream-analytics';
import { AnalyticsError } from './analytics-error';
import { CsvButtons } from './csv-buttons';
import { StreamAnalyticsView } from './stream-analytics-view';
import '../analytics.css';

/** A live stream's figures move: fetched again this often. */
const liveRefreshMs = 10_000;

/** /streams/:id/analytics: one stream's audience, for its creator. The bucket size is in the address (?resolution=). */
export default function StreamAnalyticsPage() {
  const { id = '' } = useParams();
  const stream = useLivestream(id);
  return (
    <div className="page analytics-page">
      <Link className="back-link" to={`/streams/${id}`}>
        ← Back to the stream
      </Link>
      {stream.isPending ? (
        <Loading label="Loading the livestream…" />
      ) : stream.isError ? (
        <AnalyticsError error={stream.error} />
      ) : (
        <StreamAnalyticsContent stream={stream.data} />
      )}
    </div>
  );
}

function StreamAnalyticsContent({ stream }: { stream: Livestream }) {
  const [search, setSearch] = useSearchParams();
  // The default resolution and the choices go by the length when the page opened.
  const [openedAt] = useState(Date.now);
  const durationSeconds = streamDurationSeconds(stream.startedAt, stream.endedAt, openedAt);
  const resolution = parseResolution(search.get('resolution')) ?? defaultResolution(durationSeconds);
  const analytics = useStreamAnalytics(stream.id, resolution, { refreshEveryMs: liveRefreshMs });
  const choices = resolutionChoices(durationSeconds);

  return (
    <>
      <header className="analytics-header">
        <h1>Analytics: {stream.title}</h1>
        {analytics.data ? <Freshness analytics={analytics.data} /> : null}
      </header>
      <div className="analytics-toolbar">
        <label className="field-inline">
          Interval{' '}
          <select
            value={resolution}
            onChange={(event) => setSearch({ resolution: event.target.value }, { replace: true })}
          >
            {(choices.includes(resolution) ? choices : [...choices, resolution].sort((a, b) => a - b)).map((seconds) => (
              <option key={seconds} value={seconds}>
                {resolutionLabel(seconds)}
              </option>
            ))}
          </select>
        </label>
        {analytics.data ? <CsvButtons streamId={stream.id} resolution={analytics.data.resolution} /> : null}
      </div>
      {analytics.data && analytics.data.resolution !== resolution ? (
        <p className="muted" data-testid="coarser-series">
          Shown in intervals of {resolutionLabel(analytics.data.resolution)}: finer figures are no longer kept for this stream.
        </p>
      ) : null}
      {analytics.isPending ? (
        <Loading label="Loading the analytics…" />
      ) : analytics.isError ? (
        <AnalyticsError error={analytics.error} />
      ) : (
        <StreamAnalyticsView analytics={analytics.data} />
      )}
    </>
  );
}

/** When the stream ran, and whether these figures are final or still moving. */
function Freshness({ analytics }: { analytics: StreamAnalytics }) {
  const end = analytics.endedAt ?? analytics.asOf;
  return (
    <p className="muted" data-testid="analytics-freshness" data-final={analytics.final}>
      Started {formatUtcDateTime(analytics.startedAt)} · {formatElapsed((Date.parse(end) - Date.parse(analytics.startedAt)) / 1000)} long
      {' · '}
      {analytics.final
        ? 'final figures'
        : `live figures as of ${formatUtcDateTime(analytics.asOf)}, updated every 10 seconds`}
    </p>
  );
}
