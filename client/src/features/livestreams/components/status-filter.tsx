import { livestreamStatuses, type LivestreamStatus } from '@/types/api';

const labels: Record<LivestreamStatus, string> = { LIVE: 'Live', SCHEDULED: 'Scheduled', ENDED: 'Ended', ERROR: 'Failed' };

export function StatusFilter({
  value,
  onChange,
}: {
  value: LivestreamStatus | undefined;
  onChange: (status: LivestreamStatus | undefined) => void;
}) {
  const options: (LivestreamStatus | undefined)[] = [undefined, ...livestreamStatuses];
  return (
    <div className="segmented" role="group" aria-label="Filter by status">
      {options.map((status) => (
        <button
          key={status ?? 'ALL'}
          type="button"
          className="segment"
          aria-pressed={value === status}
          onClick={() => onChange(status)}
        >
          {status ? labels[status] : 'All'}
        </button>
      ))}
    </div>
  );
}
