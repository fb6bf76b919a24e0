/** A date range as the dashboard's date inputs hold it: whole UTC days, both included ("YYYY-MM-DD"). */
export interface DayRange {
  from: string;
  to: string;
}

const dayMs = 86_400_000;
/** Analytics:MaxDashboardRange. */
export const maxRangeDays = 366;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

/** The last 30 days, today (UTC) included: what the Api answers without a range. */
export function defaultRange(nowMs: number): DayRange {
  return { from: day(nowMs - 29 * dayMs), to: day(nowMs) };
}

/** The range in the page's address, or the default where it has none (or nonsense). */
export function rangeFromSearch(search: URLSearchParams, nowMs: number): DayRange {
  const fallback = defaultRange(nowMs);
  const from = search.get('from') ?? '';
  const to = search.get('to') ?? '';
  return { from: isDay(from) ? from : fallback.from, to: isDay(to) ? to : fallback.to };
}

/** Why the Api would refuse the range, or null when it is fine. */
export function rangeProblem(range: DayRange): string | null {
  const days = (Date.parse(range.to) - Date.parse(range.from)) / dayMs + 1;
  if (days < 1) {
    return 'The start date is after the end date.';
  }
  return days > maxRangeDays ? `Choose at most ${maxRangeDays} days.` : null;
}

/** The Api's half-open instants: from the first day's midnight to the midnight after the last day, in UTC. */
export function rangeInstants(range: DayRange): { from: string; to: string } {
  return { from: `${range.from}T00:00:00Z`, to: `${day(Date.parse(range.to) + dayMs)}T00:00:00Z` };
}
