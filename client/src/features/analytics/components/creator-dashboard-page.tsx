import { useState, type SubmitEvent } from 'react';
import { useSearchParams } from 'react-router';
import { Loading } from '@/components/loading';
import { Pagination } from '@/features/livestreams/components/pagination';
import { rangeFromSearch, rangeInstants, rangeProblem, type DayRange } from '../api/dashboard-range';
import { useCreatorDashboard } from '../api/get-creator-dashboard';
import { AnalyticsError } from './analytics-error';
import { DashboardChart } from './dashboard-chart';
import { DashboardTable } from './dashboard-table';
import { DashboardTotals } from './dashboard-totals';
import '../analytics.css';

const pageSize = 20;

/** /analytics: the signed-in creator's streams in a date range (UTC days, in the address), with totals. */
export default function CreatorDashboardPage() {
  const [search, setSearch] = useSearchParams();
  const [now] = useState(Date.now);
  const range = rangeFromSearch(search, now);
  const page = Math.max(1, Number.parseInt(search.get('page') ?? '1', 10) || 1);
  const problem = rangeProblem(range);
  const dashboard = useCreatorDashboard({ ...rangeInstants(range), limit: pageSize, offset: (page - 1) * pageSize }, problem === null);
  const show = (next: DayRange, nextPage = 1) =>
    setSearch({ from: next.from, to: next.to, ...(nextPage > 1 ? { page: String(nextPage) } : {}) });
  const streams = dashboard.data?.streams ?? [];

  return (
    <div className="page analytics-page">
      <header className="analytics-header">
        <h1>Your analytics</h1>
        <p className="muted">Your livestreams that started in the range, with their audiences. Dates are in UTC.</p>
      </header>
      <RangeForm key={`${range.from}/${range.to}`} range={range} onSubmit={show} />
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : dashboard.isPending ? (
        <Loading label="Loading your analytics…" />
      ) : dashboard.isError ? (
        <AnalyticsError error={dashboard.error} />
      ) : streams.length === 0 ? (
        <p className="empty" data-testid="dashboard-empty">
          None of your livestreams started in this range.
        </p>
      ) : (
        <>
          <DashboardTotals totals={dashboard.data.totals} />
          <section className="panel chart-section" aria-labelledby="dashboard-chart-title" data-testid="dashboard-chart">
            <h2 id="dashboard-chart-title" className="panel-title">
              Peak and unique viewers per stream
            </h2>
            <figure className="chart-figure">
              <DashboardChart streams={streams} />
              <figcaption className="muted">Oldest on the left. The table below has every figure.</figcaption>
            </figure>
          </section>
          <DashboardTable streams={streams} />
          <Pagination page={page} hasNext={page * pageSize < dashboard.data.count} onChange={(next) => show(range, next)} />
        </>
      )}
    </div>
  );
}

function RangeForm({ range, onSubmit }: { range: DayRange; onSubmit: (range: DayRange) => void }) {
  const [draft, setDraft] = useState(range);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    onSubmit(draft);
  };
  return (
    <form className="analytics-toolbar" aria-label="Date range" onSubmit={submit}>
      <label className="field-inline">
        From <input type="date" required value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
      </label>
      <label className="field-inline">
        To <input type="date" required value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
      </label>
      <button type="submit" className="button button-small">
        Show
      </button>
    </form>
  );
}
