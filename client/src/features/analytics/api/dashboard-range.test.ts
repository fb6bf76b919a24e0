import { describe, expect, it } from 'vitest';
import { defaultRange, rangeFromSearch, rangeInstants, rangeProblem } from './dashboard-range';

const now = Date.parse('2026-01-31T18:45:00Z');

describe('the dashboard’s date range', () => {
  it('defaults to the last 30 days, today included', () => {
    expect(defaultRange(now)).toEqual({ from: '2026-01-02', to: '2026-01-31' });
  });

  it('reads the range from the address, falling back per date on nonsense', () => {
    expect(rangeFromSearch(new URLSearchParams('from=2025-12-15&to=2026-01-10'), now)).toEqual({ from: '2025-12-15', to: '2026-01-10' });
    expect(rangeFromSearch(new URLSearchParams('from=yesterday&to=2026-01-10'), now)).toEqual({ from: '2026-01-02', to: '2026-01-10' });
    expect(rangeFromSearch(new URLSearchParams('from=2026-13-45'), now)).toEqual(defaultRange(now));
  });

  it('asks the Api for [first day 00:00, the day after the last 00:00) in UTC', () => {
    expect(rangeInstants({ from: '2025-12-15', to: '2025-12-31' })).toEqual({ from: '2025-12-15T00:00:00Z', to: '2026-01-01T00:00:00Z' });
  });

  it('refuses a range that ends before it starts, or is longer than the Api allows', () => {
    expect(rangeProblem({ from: '2026-01-10', to: '2026-01-10' })).toBeNull();
    expect(rangeProblem({ from: '2026-01-11', to: '2026-01-10' })).toBe('The start date is after the end date.');
    // 367 days, both included, is one too many; 366 is the Api's most.
    expect(rangeProblem({ from: '2025-01-01', to: '2026-01-02' })).toBe('Choose at most 366 days.');
    expect(rangeProblem({ from: '2025-01-02', to: '2026-01-02' })).toBeNull();
  });
});
