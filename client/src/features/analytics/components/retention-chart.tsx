import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { RetentionFigures } from '@/types/api';
import { offsetName, offsetsWithData, retentionKey, retentionPoints } from '../api/chart-data';

const lineColors = ['var(--accent)', 'var(--scheduled)', 'var(--ok)', 'var(--warn)'];

/**
 * By minute N of the stream: of the viewers there at N, the share (%) still there k minutes later, one line per k. Offsets
 * the stream has not lasted long enough for have nothing to draw and get no line.
 */
export function RetentionChart({ retention, label }: { retention: RetentionFigures; label: string }) {
  const points = retentionPoints(retention);
  return (
    <LineChart data={points} responsive style={{ width: '100%', height: 260 }} margin={{ top: 16, right: 16, bottom: 0, left: 0 }} title={label}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="minute" tickFormatter={(minute: number) => `${minute}m`} />
      <YAxis domain={[0, 100]} unit="%" width={56} />
      <Tooltip labelFormatter={(minute) => `Minute ${Number(minute)}`} formatter={(value) => `${String(value)}%`} isAnimationActive={false} />
      <Legend />
      {offsetsWithData(retention).map((minutes) => (
        <Line
          key={minutes}
          type="linear"
          dataKey={retentionKey(minutes)}
          name={offsetName(minutes)}
          stroke={lineColors[retention.offsetsMinutes.indexOf(minutes) % lineColors.length]}
          connectNulls={false}
          isAnimationActive={false}
        />
      ))}
    </LineChart>
  );
}
