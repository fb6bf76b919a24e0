import type { AnalyticsSummary, AudienceSeries, RetentionFigures, WatchTimeBin } from '@/types/api';

/** One bucket of the concurrency chart, at its start (seconds from the stream's start). */
export interface ConcurrencyPoint {
  seconds: number;
  viewers: number;
  hosts: number;
}

/** Bucket columns as points, plus one at the end of the last bucket so that its step has a width. */
export function concurrencyPoints(
  series: Pick<AudienceSeries, 'resolution'> & { viewers: number[]; hosts: number[] },
  endSeconds?: number,
): ConcurrencyPoint[] {
  const points = series.viewers.map((viewers, i) => ({ seconds: i * series.resolution, viewers, hosts: series.hosts[i] ?? 0 }));
  const last = points.at(-1);
  if (last) {
    const end = Math.max(last.seconds + 1, Math.min(endSeconds ?? Infinity, last.seconds + series.resolution));
    points.push({ ...last, seconds: end });
  }
  return points;
}

/** The API's columns under the names the chart draws. */
export function seriesColumns(series: AudienceSeries) {
  return { resolution: series.resolution, viewers: series.viewersMax, hosts: series.hostsMax };
}

/** Steps for the elapsed-time axis: the smallest that gives at most `maxTicks` ticks. */
const tickSteps = [10, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200];

export function elapsedTicks(endSeconds: number, maxTicks = 8): number[] {
  const step = tickSteps.find((s) => endSeconds / s <= maxTicks - 1) ?? tickSteps.at(-1) ?? 3_600;
  const ticks: number[] = [];
  for (let t = 0; t <= endSeconds; t += step) {
    ticks.push(t);
  }
  return ticks;
}

/** "<1 m", "1–5 m", "1–2 h", "≥2 h": a watch-time bin's bounds in the largest whole unit. */
export function binLabel(bin: Pick<WatchTimeBin, 'fromSeconds' | 'toSeconds'>): string {
  if (bin.toSeconds === null) {
    return `≥${duration(bin.fromSeconds)}`;
  }
  if (bin.fromSeconds === 0) {
    return `<${duration(bin.toSeconds)}`;
  }
  const hours = bin.fromSeconds >= 3_600 && bin.toSeconds % 3_600 === 0;
  const from = hours ? bin.fromSeconds / 3_600 : bin.fromSeconds / 60;
  return `${from}–${duration(bin.toSeconds, hours ? 'h' : 'm')}`;
}

function duration(seconds: number, unit: 'h' | 'm' = seconds >= 3_600 && seconds % 3_600 === 0 ? 'h' : 'm'): string {
  return unit === 'h' ? `${seconds / 3_600} h` : `${seconds / 60} m`;
}

/** One minute mark of the retention chart: per offset k, the % of viewers present then who were present k minutes later. */
export interface RetentionPoint {
  minute: number;
  present: number;
  /** By offset key (`retentionKey(k)`); null where there is nothing to say (k minutes later is not reached yet, or nobody was there). */
  [offset: `after${number}`]: number | null;
}

/** A retention line's name. */
export const offsetName = (minutes: number) => `${minutes} min later`;

export const retentionKey = (offsetMinutes: number) => `after${offsetMinutes}` as const;

export function retentionPoints(retention: RetentionFigures): RetentionPoint[] {
  return retention.rows.map((row) => {
    const point: RetentionPoint = { minute: row.minute, present: row.present };
    retention.offsetsMinutes.forEach((k, j) => {
      const retained = row.retained[j] ?? null;
      point[retentionKey(k)] = retained === null || row.present === 0 ? null : Math.round((retained / row.present) * 1000) / 10;
    });
    return point;
  });
}

/** The offsets with at least one figure so far: a line for each (the others have nothing to draw yet). */
export function offsetsWithData(retention: RetentionFigures): number[] {
  return retention.offsetsMinutes.filter((_, j) => retention.rows.some((row) => (row.retained[j] ?? null) !== null));
}

/** "Jan 1, 2026, 12:00 UTC": always UTC, whatever the browser's time zone. */
const utcDateTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC', hourCycle: 'h23' });
const utcDate = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

export function formatUtcDateTime(iso: string): string {
  return `${utcDateTime.format(new Date(iso))} UTC`;
}

export function formatUtcDate(iso: string): string {
  return utcDate.format(new Date(iso));
}

/** The peak the concurrency chart marks, from a summary (null when nobody ever watched). */
export function summaryPeak(summary: AnalyticsSummary, startedAt: string): { viewers: number; atSeconds: number; at: string } | null {
  const { peak, peakAt } = summary.viewers;
  return peakAt === null ? null : { viewers: peak, atSeconds: (Date.parse(peakAt) - Date.parse(startedAt)) / 1000, at: peakAt };
}
