import type { DashboardTotals as Totals } from '@/types/api';

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** The range's totals: unique viewers are distinct people across all its streams (you excluded). */
export function DashboardTotals({ totals }: { totals: Totals }) {
  const tiles: [string, string, string][] = [
    ['Streams', number.format(totals.streams), 'total-streams'],
    ['Watch time', `${number.format(totals.watchMinutes)} min`, 'total-watch'],
    ['Highest peak', number.format(totals.peakViewers), 'total-peak'],
    ['Unique viewers', number.format(totals.uniqueViewers), 'total-unique'],
    ['Chat messages', number.format(totals.chatMessages), 'total-chat'],
  ];
  return (
    <dl className="tiles" aria-label="Totals">
      {tiles.map(([name, value, testId]) => (
        <div key={testId} className="tile" data-testid={testId}>
          <dt>{name}</dt>
          <dd className="tile-value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
