import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceDot, Tooltip, XAxis, YAxis } from 'recharts';
import { formatElapsed, peakLabel } from '../api/analytics-rules';
import { elapsedTicks, type ConcurrencyPoint } from '../api/chart-data';

/** The most viewers at once and when that first happened (seconds from the start). */
export interface Peak {
  viewers: number;
  atSeconds: number;
  /** The instant, as the Api gives it (UTC). */
  at: string | null;
}

/**
 * Viewers (the most at any instant of each bucket, as an area) and hosts (a line) over the stream's elapsed time, as
 * steps: a bucket's figure holds for its whole length. The peak is marked.
 */
export function ConcurrencyChart({ points, peak, height = 280, label }: { points: ConcurrencyPoint[]; peak: Peak | null; height?: number; label: string }) {
  const end = points.at(-1)?.seconds ?? 0;
  return (
    <ComposedChart
      data={points}
      responsive
      style={{ width: '100%', height }}
      margin={{ top: 24, right: 16, bottom: 0, left: 0 }}
      title={label}
    >
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="seconds" type="number" domain={[0, end]} ticks={elapsedTicks(end)} tickFormatter={formatElapsed} />
      <YAxis allowDecimals={false} width={36} />
      <Tooltip labelFormatter={(seconds) => `at ${formatElapsed(Number(seconds))}`} isAnimationActive={false} />
      <Legend />
      <Area
        type="stepAfter"
        dataKey="viewers"
        name="Viewers"
        stroke="var(--accent)"
        fill="var(--accent)"
        fillOpacity={0.18}
        isAnimationActive={false}
      />
      <Line type="stepAfter" dataKey="hosts" name="Hosts" stroke="var(--scheduled)" dot={false} isAnimationActive={false} />
      {peak ? (
        <ReferenceDot
          x={peak.atSeconds}
          y={peak.viewers}
          r={5}
          ifOverflow="extendDomain"
          label={{ value: peakLabel(peak.viewers, peak.atSeconds), position: 'top' }}
          shape={(dot) => (
            <g data-testid="peak-marker" data-peak={peak.viewers} data-peak-at={peak.at ?? ''} data-peak-seconds={peak.atSeconds}>
              <circle cx={dot.cx} cy={dot.cy} r={dot.r} fill="var(--accent)" stroke="#fff" strokeWidth={2} />
            </g>
          )}
        />
      ) : null}
    </ComposedChart>
  );
}
