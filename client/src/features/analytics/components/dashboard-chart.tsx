import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { truncate } from '@/lib/format';
import type { DashboardStream } from '@/types/api';
import { formatUtcDate } from '../api/chart-data';

/** A pair of bars per stream, oldest on the left: its peak and its unique viewers. */
export function DashboardChart({ streams }: { streams: DashboardStream[] }) {
  const bars = streams.toReversed().map((stream) => ({
    name: `${truncate(stream.title, 18)} (${formatUtcDate(stream.startedAt)})`,
    peak: stream.summary.viewers.peak,
    unique: stream.summary.viewers.unique,
  }));
  return (
    <BarChart
      data={bars}
      responsive
      style={{ width: '100%', height: 280 }}
      margin={{ top: 16, right: 16, bottom: 0, left: 0 }}
      title="Peak and unique viewers per stream"
    >
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="name" interval={0} tick={{ fontSize: 12 }} />
      <YAxis allowDecimals={false} width={36} />
      <Tooltip isAnimationActive={false} />
      <Legend />
      <Bar dataKey="peak" name="Peak viewers" fill="var(--accent)" isAnimationActive={false} />
      <Bar dataKey="unique" name="Unique viewers" fill="var(--scheduled)" isAnimationActive={false} />
    </BarChart>
  );
}
