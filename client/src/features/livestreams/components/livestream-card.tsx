import { Link } from 'react-router';
import { formatRelativeTime, truncate } from '@/lib/format';
import type { Livestream } from '@/types/api';
import { useLiveStats } from '../api/get-live-stats';
import { hostDisplayName, isPrivate } from '../api/livestream-rules';
import { PrivateBadge, StatusBadge } from './status-badge';
import { ViewerCount } from './viewer-count';

export function LivestreamCard({ stream, currentUserId }: { stream: Livestream; currentUserId: string | undefined }) {
  const live = stream.status === 'LIVE';
  // Fetched once per card; the page's one event stream keeps it current.
  const stats = useLiveStats(stream.id, live);
  const mine = stream.createdBy === currentUserId;
  const when = stream.endedAt ?? stream.startedAt ?? stream.createdAt;
  const whenLabel = stream.status === 'ENDED' ? 'ended' : stream.startedAt ? 'started' : 'created';

  return (
    <article className={`card card-${stream.status.toLowerCase()}`} data-testid="livestream-card" data-stream-id={stream.id}>
      <Link to={`/streams/${stream.id}`} className="card-link">
        <div className="card-top">
          <span className="card-badges">
            <StatusBadge status={stream.status} />
            {isPrivate(stream) ? <PrivateBadge /> : null}
          </span>
          {live ? <ViewerCount count={stats.data?.viewerCount} /> : null}
        </div>
        <h3 className="card-title">{stream.title}</h3>
        <p className="card-host">
          {hostDisplayName(stream.metadata) ?? stream.createdBy}
          {mine ? <span className="you"> (you)</span> : null}
        </p>
        {stream.description ? <p className="card-description">{truncate(stream.description, 140)}</p> : null}
        <p className="card-meta">
          <span className="room-name">#{stream.roomName}</span>
          <span>
            {whenLabel} {formatRelativeTime(when)}
          </span>
        </p>
      </Link>
    </article>
  );
}
