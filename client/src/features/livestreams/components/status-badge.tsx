import type { LivestreamStatus } from '@/types/api';

export function StatusBadge({ status }: { status: LivestreamStatus }) {
  return (
    <span className={`badge badge-${status.toLowerCase()}`} data-testid="status-badge">
      {status}
    </span>
  );
}

/** Marks a private stream (seen only by its creator and invited people). */
export function PrivateBadge() {
  return (
    <span className="badge badge-private" data-testid="private-badge" title="Only you and people you invite can see it">
      private
    </span>
  );
}
