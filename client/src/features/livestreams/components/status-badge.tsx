import type { LivestreamStatus } from '@/types/api';

export function StatusBadge({ status }: { status: LivestreamStatus }) {
  return (
    <span className={`badge badge-${status.toLowerCase()}`} data-testid="status-badge">
      {status}
    </span>
  );
}
