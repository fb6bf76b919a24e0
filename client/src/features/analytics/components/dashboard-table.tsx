import { Link } from 'react-router';
import type { DashboardStream } from '@/types/api';
import { formatElapsed } from '../api/analytics-rules';
import { formatUtcDateTime } from '../api/chart-data';

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** Every stream of the page with its figures, newest first; each links to its own analytics. */
export function DashboardTable({ streams }: { streams: DashboardStream[] }) {
  return (
    <table className="numbers-table dashboard-table">
      <caption>Your streams in this range, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Stream</th>
          <th scope="col">Started (UTC)</th>
          <th scope="col">Length</th>
          <th scope="col">Peak viewers</th>
          <th scope="col">Unique viewers</th>
          <th scope="col">Watch time (min)</th>
          <th scope="col">Chat messages</th>
          <th scope="col">Figures</th>
        </tr>
      </thead>
      <tbody>
        {streams.map((stream) => (
          <tr key={stream.id} data-testid="dashboard-row" data-stream-id={stream.id}>
            <th scope="row">
              <Link to={`/streams/${stream.id}/analytics`}>{stream.title}</Link>
            </th>
            <td>{formatUtcDateTime(stream.startedAt)}</td>
            <td>{formatElapsed(stream.durationSeconds)}</td>
            <td data-testid="dashboard-peak">{stream.summary.viewers.peak}</td>
            <td data-testid="dashboard-unique">{stream.summary.viewers.unique}</td>
            <td>{number.format(stream.summary.watch.totalMinutes)}</td>
            <td>{stream.summary.chat.messages}</td>
            <td>{stream.final ? 'final' : stream.status === 'LIVE' ? 'live, still moving' : 'not final yet'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
