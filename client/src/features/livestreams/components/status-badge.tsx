import type { LivestreamStatus } from '@/types/api';

const labels: Record<LivestreamStatus, string> = { LIVE: 'LIVE', SCHEDULED: 'SCHEDULED', ENDED: 'ENDED', ERROR: 'ERROR' };

export function StatusBadge({ status }: { status: LivestreamStatus }) {
  return (
    <span className={`badge badge-${status.toLowerCase()}`} data-testid="status-badge">
      {labels[status]}
    </span>
  );
}
