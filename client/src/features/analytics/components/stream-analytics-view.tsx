import type { StreamAnalytics } from '@/types/api';
import { elapsedSeconds, formatElapsed, peakLabel, resolutionLabel } from '../api/analytics-rules';
import { binLabel, concurrencyPoints, offsetName, retentionPoints, retentionKey, seriesColumns, summaryPeak } from '../api/chart-data';
import { ChartSection } from './chart-section';
import { ConcurrencyChart } from './concurrency-chart';
import { RetentionChart } from './retention-chart';
import { SummaryTiles } from './summary-tiles';
import { WatchTimeChart } from './watch-time-chart';

/** One stream's figures: the headline numbers, then viewers over time, watch time and retention, each with its table. */
export function StreamAnalyticsView({ analytics }: { analytics: StreamAnalytics }) {
  const { series, summary, distribution, retention, startedAt } = analytics;
  const peak = summaryPeak(summary, startedAt);
  const interval = resolutionLabel(series.resolution);
  const durationSeconds = elapsedSeconds(startedAt, analytics.endedAt ?? analytics.asOf);
  const percent = (value: number | null | undefined) => (value === null || value === undefined ? '–' : `${value}%`);

  return (
    <>
      <SummaryTiles summary={summary} startedAt={startedAt} live={analytics.status === 'LIVE'} />
      <ChartSection
        title="Viewers over time"
        testId="concurrency-section"
        caption={
          <>
            The most viewers (area) and hosts (line) at any moment of each interval ({interval}), by time from the start.{' '}
            {peak ? `${peakLabel(peak.viewers, peak.atSeconds)}.` : 'Nobody has watched yet.'}
          </>
        }
        table={{
          caption: `Viewers and hosts per ${interval} interval`,
          columns: ['From', 'Most viewers', 'Average viewers', 'Most hosts'],
          rows: series.viewersMax.map((viewers, i) => [
            formatElapsed(i * series.resolution),
            viewers,
            series.viewersAvg[i] ?? '–',
            series.hostsMax[i] ?? '–',
          ]),
        }}
      >
        <ConcurrencyChart label="Viewers and hosts over time" points={concurrencyPoints(seriesColumns(series), durationSeconds)} peak={peak} />
      </ChartSection>
      <ChartSection
        title="How long viewers watched"
        testId="watch-time-section"
        caption={`Each viewer's total watch time, all their visits together (time on stage not included). ${summary.viewers.unique} viewers in all.`}
        table={{
          caption: 'Viewers by total watch time',
          columns: ['Watch time', 'Viewers'],
          rows: distribution.map((bin) => [binLabel(bin), bin.viewers]),
        }}
      >
        <WatchTimeChart label="Viewers by total watch time" distribution={distribution} />
      </ChartSection>
      <ChartSection
        title="Who stayed"
        testId="retention-section"
        caption="Of the viewers watching at each minute of the stream, the share still watching 1, 5, 10 and 30 minutes later. A line starts once the stream has lasted that long."
        table={{
          caption: 'Viewers watching at each minute, and the share still there later',
          columns: ['Minute', 'Watching', ...retention.offsetsMinutes.map(offsetName)],
          rows: retentionPoints(retention).map((point) => [
            point.minute,
            point.present,
            ...retention.offsetsMinutes.map((k) => percent(point[retentionKey(k)])),
          ]),
        }}
      >
        <RetentionChart label="Share of viewers still watching later, by minute" retention={retention} />
      </ChartSection>
    </>
  );
}
