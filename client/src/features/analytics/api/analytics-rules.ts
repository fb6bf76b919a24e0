import type { StreamAnalytics, StreamState } from '@/types/api';

/** The Api answers 400 when a series would have more buckets than this (Analytics:MaxSeriesPoints). */
export const maxSeriesPoints = 25_000;

/** The host's live chart: the bucket size it fetches and grows by. */
export const liveResolutionSeconds = 10;

/** Bucket sizes the resolution picker offers, in seconds. */
const standardResolutions = [1, 5, 10, 30, 60, 300, 900, 3_600];

/** About 2,000 buckets at most, and never finer than 10 s: enough detail without a heavy answer. */
export function defaultResolution(durationSeconds: number): number {
  return Math.max(10, Math.ceil(durationSeconds / 2_000));
}

/** The picker's choices for a stream this long: the standard sizes the Api accepts, and the default among them. */
export function resolutionChoices(durationSeconds: number): number[] {
  const fitting = standardResolutions.filter((r) => Math.ceil(durationSeconds / r) <= maxSeriesPoints);
  return [...new Set([...fitting, defaultResolution(durationSeconds)])].sort((a, b) => a - b);
}

/** A resolution from the page's address: whole seconds the Api accepts (1 to 3,600), else null. */
export function parseResolution(value: string | null): number | null {
  const seconds = Number(value);
  return value && Number.isInteger(seconds) && seconds >= 1 && seconds <= 3_600 ? seconds : null;
}

/** "10 seconds", "1 minute", "5 minutes", "1 hour". */
export function resolutionLabel(seconds: number): string {
  const [amount, unit] = seconds % 3_600 === 0 ? [seconds / 3_600, 'hour'] : seconds % 60 === 0 ? [seconds / 60, 'minute'] : [seconds, 'second'];
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}

/** How long a stream has lasted: to its end, or to now while it is live (0 before it started). */
export function streamDurationSeconds(startedAt: string | null, endedAt: string | null, nowMs: number): number {
  if (!startedAt) {
    return 0;
  }
  return Math.max(0, ((endedAt ? Date.parse(endedAt) : nowMs) - Date.parse(startedAt)) / 1000);
}

/** Which bucket the instant `atMs` falls in, for buckets of `resolutionSeconds` from `startMs` (0 before the start). */
export function bucketIndex(startMs: number, atMs: number, resolutionSeconds: number): number {
  return Math.max(0, Math.floor((atMs - startMs) / (resolutionSeconds * 1000)));
}

/** Seconds from the stream's start as a clock: "0:45", "1:00", "1:01:01". */
export function formatElapsed(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(seconds / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  const s = seconds % 60;
  const mmss = `${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(s).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** "Peak 5 at 1:00": the most viewers at once, and when (from the start) it first happened. */
export function peakLabel(viewers: number, atSeconds: number): string {
  return `Peak ${viewers} at ${formatElapsed(atSeconds)}`;
}

/** Seconds from `startIso` to `iso` (both UTC), to the millisecond. */
export function elapsedSeconds(startIso: string, iso: string): number {
  return (Date.parse(iso) - Date.parse(startIso)) / 1000;
}

/** Viewers and hosts connected now, from the live state every `state` and `viewer_count_update` event carries. */
export interface LiveCounts {
  viewers: number;
  hosts: number;
}

export function liveCounts(state: StreamState): LiveCounts {
  return { viewers: state.viewerCount, hosts: Math.max(0, state.participants.length - state.viewerCount) };
}

/** The host's live chart: the fetched series, grown by the live counts. */
export interface LiveSeries {
  startMs: number;
  resolution: number;
  /** The most viewers (hosts) in each bucket. */
  viewers: number[];
  hosts: number[];
  /** The latest counts: they last until the next change, so each new bucket starts with them. */
  current: LiveCounts;
  /** The Api's clock minus this browser's (from the last fetch), so buckets open on the Api's time. */
  clockOffsetMs: number;
  final: boolean;
}

export type LiveSeriesAction =
  | { kind: 'fetched'; analytics: StreamAnalytics; at: number }
  | { kind: 'counts'; counts: LiveCounts; at: number }
  | { kind: 'tick'; at: number };

/**
 * The fetched series is the authority and replaces what was grown locally; live counts then raise the current bucket
 * (its maximum) and open new buckets as time passes. `at` is this browser's clock. Counts before the first fetch are
 * dropped: the fetch includes them. A final series never changes.
 */
export function liveSeriesReducer(current: LiveSeries | null, action: LiveSeriesAction): LiveSeries | null {
  if (action.kind === 'fetched') {
    return fromAnalytics(action.analytics, action.at);
  }
  if (!current || current.final) {
    return current;
  }
  return action.kind === 'counts' ? mergeLiveCounts(current, action.counts, action.at) : mergeLiveCounts(current, current.current, action.at);
}

function fromAnalytics(analytics: StreamAnalytics, receivedAt: number): LiveSeries {
  const { series, summary } = analytics;
  return {
    startMs: Date.parse(series.start),
    resolution: series.resolution,
    viewers: [...series.viewersMax],
    hosts: [...series.hostsMax],
    current: { viewers: summary.viewers.current, hosts: analytics.status === 'LIVE' ? (series.hostsMax.at(-1) ?? 0) : 0 },
    clockOffsetMs: Date.parse(analytics.asOf) - receivedAt,
    final: analytics.final,
  };
}

/** Counts seen at `at` (this browser's clock): the buckets up to then are filled in, and that bucket keeps its maximum. */
export function mergeLiveCounts(series: LiveSeries, counts: LiveCounts, at: number): LiveSeries {
  const last = series.viewers.length - 1;
  const index = Math.max(last, bucketIndex(series.startMs, at + series.clockOffsetMs, series.resolution));
  const viewers = [...series.viewers];
  const hosts = [...series.hosts];
  for (let i = last + 1; i <= index; i++) {
    viewers.push(series.current.viewers);
    hosts.push(series.current.hosts);
  }
  viewers[index] = Math.max(viewers[index] ?? 0, counts.viewers);
  hosts[index] = Math.max(hosts[index] ?? 0, counts.hosts);
  return { ...series, viewers, hosts, current: counts };
}
