import { describe, expect, it } from 'vitest';
import { scenarioAnalytics } from '@/testing/analytics-fixtures';
import {
  binLabel,
  concurrencyPoints,
  elapsedTicks,
  formatUtcDate,
  formatUtcDateTime,
  offsetsWithData,
  retentionPoints,
  seriesColumns,
  summaryPeak,
} from './chart-data';

describe('concurrencyPoints', () => {
  it('puts each bucket at its start, and closes the last one at the end of the stream', () => {
    const points = concurrencyPoints(seriesColumns(scenarioAnalytics.series), 600);
    expect(points.map((p) => p.seconds)).toEqual([0, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600]);
    expect(points.map((p) => p.viewers)).toEqual([4, 5, 3, 3, 3, 4, 3, 3, 2, 1, 1]);
    expect(points.map((p) => p.hosts)).toEqual([1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('ends a partial last bucket where the stream ends, and a live one a bucket later', () => {
    expect(concurrencyPoints({ resolution: 60, viewers: [1, 2], hosts: [1, 1] }, 75).at(-1)?.seconds).toBe(75);
    expect(concurrencyPoints({ resolution: 10, viewers: [1, 2], hosts: [1, 1] }).at(-1)?.seconds).toBe(20);
    expect(concurrencyPoints({ resolution: 10, viewers: [], hosts: [] })).toEqual([]);
  });
});

describe('elapsedTicks', () => {
  it('picks the smallest round step that gives at most 8 ticks', () => {
    expect(elapsedTicks(600)).toEqual([0, 120, 240, 360, 480, 600]);
    expect(elapsedTicks(60)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(elapsedTicks(21_600)).toEqual([0, 3_600, 7_200, 10_800, 14_400, 18_000, 21_600]);
  });
});

describe('binLabel', () => {
  it('names the design’s watch-time bins', () => {
    expect(scenarioAnalytics.distribution.map(binLabel)).toEqual(['<1 m', '1–5 m', '5–15 m', '15–30 m', '30–60 m', '1–2 h', '≥2 h']);
  });
});

describe('retentionPoints', () => {
  it('gives retained ÷ present in % per offset, null where not reached yet or nobody was there', () => {
    const points = retentionPoints(scenarioAnalytics.retention);
    expect(points).toHaveLength(10);
    // Minute 0: nobody watching yet.
    expect(points[0]).toEqual({ minute: 0, present: 0, after1: null, after5: null, after10: null, after30: null });
    // Minute 1: 5 present, 3 of them at minute 2, 2 at minute 6.
    expect(points[1]).toEqual({ minute: 1, present: 5, after1: 60, after5: 40, after10: null, after30: null });
    expect(points[2]).toMatchObject({ after1: 66.7, after5: 33.3 });
    expect(points[9]).toMatchObject({ present: 1, after1: null, after5: null });
  });

  it('draws only the offsets the stream lasted long enough for', () => {
    expect(offsetsWithData(scenarioAnalytics.retention)).toEqual([1, 5]);
  });
});

describe('summaryPeak', () => {
  it('places the peak in seconds from the start', () => {
    expect(summaryPeak(scenarioAnalytics.summary, scenarioAnalytics.startedAt)).toEqual({
      viewers: 5,
      atSeconds: 60,
      at: '2026-01-01T12:01:00.000Z',
    });
  });

  it('has none when nobody watched', () => {
    const nobody = { ...scenarioAnalytics.summary, viewers: { ...scenarioAnalytics.summary.viewers, peak: 0, peakAt: null } };
    expect(summaryPeak(nobody, scenarioAnalytics.startedAt)).toBeNull();
  });
});

describe('UTC formatting', () => {
  it('shows instants in UTC whatever the browser’s zone', () => {
    expect(formatUtcDateTime('2026-01-01T23:30:00Z')).toBe('Jan 1, 2026, 23:30 UTC');
    expect(formatUtcDate('2026-01-01T23:30:00Z')).toBe('Jan 1, 2026');
  });
});
