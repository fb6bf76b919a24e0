import { describe, expect, it } from 'vitest';
import { scenarioAnalytics } from '@/testing/analytics-fixtures';
import { streamState } from '@/testing/test-utils';
import type { StreamAnalytics } from '@/types/api';
import {
  bucketIndex,
  defaultResolution,
  formatElapsed,
  liveCounts,
  liveSeriesReducer,
  maxSeriesPoints,
  parseResolution,
  peakLabel,
  resolutionChoices,
  resolutionLabel,
  streamDurationSeconds,
  type LiveSeries,
} from './analytics-rules';

describe('defaultResolution', () => {
  it.each([
    [0, 10],
    [600, 10],
    [20_000, 10],
    [20_001, 11],
    [21_600, 11],
    [86_400, 44],
  ])('is max(10, ⌈%i s / 2000⌉) = %i', (duration, expected) => {
    expect(defaultResolution(duration)).toBe(expected);
  });
});

describe('resolutionChoices', () => {
  it('offers the standard sizes for a short stream, the default among them', () => {
    expect(resolutionChoices(600)).toEqual([1, 5, 10, 30, 60, 300, 900, 3_600]);
  });

  it('leaves out sizes the Api would refuse for too many points, and adds an odd default', () => {
    const day = 86_400;
    const choices = resolutionChoices(day);
    expect(choices).toEqual([5, 10, 30, 44, 60, 300, 900, 3_600]);
    expect(choices.every((r) => Math.ceil(day / r) <= maxSeriesPoints)).toBe(true);
  });
});

describe('parseResolution', () => {
  it.each([
    ['60', 60],
    ['1', 1],
    ['3600', 3_600],
    ['0', null],
    ['3601', null],
    ['1.5', null],
    ['ten', null],
    ['', null],
    [null, null],
  ])('reads %j as %j', (value, expected) => {
    expect(parseResolution(value)).toBe(expected);
  });
});

describe('resolutionLabel', () => {
  it.each([
    [1, '1 second'],
    [10, '10 seconds'],
    [60, '1 minute'],
    [300, '5 minutes'],
    [3_600, '1 hour'],
    [90, '90 seconds'],
  ])('names %i s "%s"', (seconds, expected) => {
    expect(resolutionLabel(seconds)).toBe(expected);
  });
});

describe('bucketIndex', () => {
  const start = Date.parse('2026-01-01T12:00:00Z');

  it('puts an instant in the bucket whose half-open interval holds it', () => {
    expect(bucketIndex(start, start, 10)).toBe(0);
    expect(bucketIndex(start, start + 9_999, 10)).toBe(0);
    expect(bucketIndex(start, start + 10_000, 10)).toBe(1);
    expect(bucketIndex(start, start + 65_000, 60)).toBe(1);
  });

  it('clamps an instant before the start (a clock behind the Api’s) to the first bucket', () => {
    expect(bucketIndex(start, start - 5_000, 10)).toBe(0);
  });
});

describe('formatElapsed', () => {
  it.each([
    [0, '0:00'],
    [45, '0:45'],
    [60, '1:00'],
    [225.71, '3:45'],
    [599, '9:59'],
    [3_600, '1:00:00'],
    [3_661, '1:01:01'],
    [36_000, '10:00:00'],
    [-3, '0:00'],
  ])('shows %f s as %s', (seconds, expected) => {
    expect(formatElapsed(seconds)).toBe(expected);
  });

  it('labels the peak with it', () => {
    expect(peakLabel(5, 60)).toBe('Peak 5 at 1:00');
  });
});

describe('streamDurationSeconds', () => {
  it('runs to the end, or to now while live, and is 0 before the start', () => {
    expect(streamDurationSeconds('2026-01-01T12:00:00Z', '2026-01-01T12:10:00Z', 0)).toBe(600);
    expect(streamDurationSeconds('2026-01-01T12:00:00Z', null, Date.parse('2026-01-01T12:00:30Z'))).toBe(30);
    expect(streamDurationSeconds(null, null, Date.now())).toBe(0);
  });
});

describe('liveCounts', () => {
  it('counts viewers from viewerCount and hosts as the other connected identities', () => {
    expect(liveCounts(streamState({ participants: ['host', 'a', 'b', 'guest'], viewerCount: 3 }))).toEqual({ viewers: 3, hosts: 1 });
    expect(liveCounts(streamState({ participants: [], viewerCount: 0 }))).toEqual({ viewers: 0, hosts: 0 });
  });
});

describe('liveSeriesReducer', () => {
  const start = Date.parse('2026-01-01T12:00:00Z');
  /** A live answer as of 12:00:25 (three 10-s buckets, the last partial), received when this browser's clock said `receivedAt`. */
  const liveAnswer = (overrides: Partial<StreamAnalytics> = {}): StreamAnalytics => ({
    ...scenarioAnalytics,
    status: 'LIVE',
    final: false,
    endedAt: null,
    asOf: '2026-01-01T12:00:25Z',
    resolution: 10,
    summary: { ...scenarioAnalytics.summary, viewers: { ...scenarioAnalytics.summary.viewers, current: 2 } },
    series: { start: '2026-01-01T12:00:00Z', resolution: 10, viewersMax: [0, 1, 2], viewersAvg: [0, 0.5, 2], hostsMax: [1, 1, 1] },
    ...overrides,
  });
  const fetched = (at = start + 25_000, analytics = liveAnswer()) => liveSeriesReducer(null, { kind: 'fetched', analytics, at }) as LiveSeries;

  it('starts from the fetched series, with its current viewers', () => {
    const series = fetched();
    expect(series.viewers).toEqual([0, 1, 2]);
    expect(series.hosts).toEqual([1, 1, 1]);
    expect(series.current).toEqual({ viewers: 2, hosts: 1 });
    expect(series.final).toBe(false);
  });

  it('keeps the current bucket’s maximum: a rise raises it, a fall does not lower it', () => {
    let series = fetched();
    series = liveSeriesReducer(series, { kind: 'counts', counts: { viewers: 4, hosts: 1 }, at: start + 27_000 }) as LiveSeries;
    series = liveSeriesReducer(series, { kind: 'counts', counts: { viewers: 1, hosts: 1 }, at: start + 28_000 }) as LiveSeries;
    expect(series.viewers).toEqual([0, 1, 4]);
    expect(series.current.viewers).toBe(1);
  });

  it('opens a new bucket after 10 s, starting from the counts that were current then', () => {
    let series = fetched();
    series = liveSeriesReducer(series, { kind: 'counts', counts: { viewers: 3, hosts: 2 }, at: start + 45_000 }) as LiveSeries;
    // 12:00:30–40 had the 2 viewers seen last; 12:00:40–50 had 2, then 3.
    expect(series.viewers).toEqual([0, 1, 2, 2, 3]);
    expect(series.hosts).toEqual([1, 1, 1, 1, 2]);
  });

  it('opens buckets on a tick with no change, carrying the current counts', () => {
    let series = fetched();
    series = liveSeriesReducer(series, { kind: 'counts', counts: { viewers: 0, hosts: 1 }, at: start + 26_000 }) as LiveSeries;
    series = liveSeriesReducer(series, { kind: 'tick', at: start + 31_000 }) as LiveSeries;
    expect(series.viewers).toEqual([0, 1, 2, 0]);
  });

  it('places buckets by the Api’s clock: a browser 60 s behind still fills the bucket of the Api’s now', () => {
    const behind = 60_000;
    let series = fetched(start + 25_000 - behind);
    series = liveSeriesReducer(series, { kind: 'counts', counts: { viewers: 5, hosts: 1 }, at: start + 36_000 - behind }) as LiveSeries;
    expect(series.viewers).toEqual([0, 1, 2, 5]);
  });

  it('lets a refetch replace what was grown locally', () => {
    let series = fetched();
    series = liveSeriesReducer(series, { kind: 'counts', counts: { viewers: 9, hosts: 1 }, at: start + 26_000 }) as LiveSeries;
    const refetched = liveAnswer({ series: { ...liveAnswer().series, viewersMax: [0, 1, 3, 1] }, asOf: '2026-01-01T12:00:31Z' });
    series = liveSeriesReducer(series, { kind: 'fetched', analytics: refetched, at: start + 31_000 }) as LiveSeries;
    expect(series.viewers).toEqual([0, 1, 3, 1]);
  });

  it('ignores counts before the first fetch (the fetch includes them) and after the final series', () => {
    expect(liveSeriesReducer(null, { kind: 'counts', counts: { viewers: 1, hosts: 1 }, at: start })).toBeNull();
    const final = fetched(start + 700_000, scenarioAnalytics);
    expect(final.final).toBe(true);
    expect(liveSeriesReducer(final, { kind: 'counts', counts: { viewers: 7, hosts: 1 }, at: start + 700_000 })).toBe(final);
    expect(liveSeriesReducer(final, { kind: 'tick', at: start + 800_000 })).toBe(final);
  });
});
