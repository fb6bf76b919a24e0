import type { ReactNode } from 'react';
import type { AnalyticsSummary } from '@/types/api';
import { elapsedSeconds, formatElapsed } from '../api/analytics-rules';

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** The headline figures of one stream; times are from the stream's start. */
export function SummaryTiles({ summary, startedAt, live }: { summary: AnalyticsSummary; startedAt: string; live: boolean }) {
  const { viewers, hosts, watch, chat } = summary;
  const into = (at: string | null) => (at ? `at ${formatElapsed(elapsedSeconds(startedAt, at))}` : 'nobody yet');
  return (
    <dl className="tiles" aria-label="Summary">
      {live ? <Tile name="Watching now" value={viewers.current} testId="tile-current" /> : null}
      <Tile name="Peak viewers" value={viewers.peak} detail={into(viewers.peakAt)} testId="tile-peak" />
      <Tile name="Unique viewers" value={viewers.unique} detail={`${viewers.new} new, ${viewers.returning} returning`} testId="tile-unique" />
      <Tile
        name="Watch time"
        value={`${number.format(watch.totalMinutes)} min`}
        detail={`average ${formatElapsed(watch.averageSeconds)}, median ${formatElapsed(watch.medianSeconds)}`}
        testId="tile-watch"
      />
      <Tile
        name="Stayed at least"
        value={`${watch.stayedPast['1m']} · ${watch.stayedPast['5m']} · ${watch.stayedPast['30m']}`}
        detail="viewers for 1 · 5 · 30 minutes"
        testId="tile-stayed"
      />
      <Tile name="Chat messages" value={chat.messages} detail={`from ${chat.chatters} ${chat.chatters === 1 ? 'person' : 'people'}`} testId="tile-chat" />
      <Tile name="Most hosts at once" value={hosts.peak} detail={into(hosts.peakAt)} testId="tile-hosts" />
    </dl>
  );
}

function Tile({ name, value, detail, testId }: { name: string; value: ReactNode; detail?: string; testId: string }) {
  return (
    <div className="tile" data-testid={testId}>
      <dt>{name}</dt>
      <dd className="tile-value">{value}</dd>
      {detail ? <dd className="tile-detail muted">{detail}</dd> : null}
    </div>
  );
}
