import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { WatchTimeBin } from '@/types/api';
import { binLabel } from '../api/chart-data';

/** How many viewers watched how long in all (a bar per watch-time bin). */
export function WatchTimeChart({ distribution, label }: { distribution: WatchTimeBin[]; label: string }) {
  const bars = distribution.map((bin) => ({ bin: binLabel(bin), viewers: bin.viewers }));
  return (
    <BarChart data={bars} responsive style={{ width: '100%', height: 240 }} margin={{ top: 16, right: 16, bottom: 0, left: 0 }} title={label}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="bin" />
      <YAxis allowDecimals={false} width={36} />
      <Tooltip isAnimationActive={false} />
      <Bar dataKey="viewers" name="Viewers" fill="var(--accent)" isAnimationActive={false} />
    </BarChart>
  );
}
