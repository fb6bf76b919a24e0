import { Link, useSearchParams } from 'react-router';
import { ConnectionIndicator } from '@/components/connection-indicator';
import { ErrorMessage } from '@/components/error-message';
import { Loading } from '@/components/loading';
import { useRequiredIdentity } from '@/hooks/use-identity';
import { errorMessage } from '@/lib/api-client';
import { livestreamStatuses, type LivestreamStatus } from '@/types/api';
import { useLivestreams } from '../api/get-livestreams';
import { useLivestreamEvents } from '../hooks/use-livestream-events';
import { LivestreamCard } from './livestream-card';
import { Pagination } from './pagination';
import { StatusFilter } from './status-filter';

export const pageSize = 12;

export function LivestreamListPage() {
  const identity = useRequiredIdentity();
  const [searchParams, setSearchParams] = useSearchParams();
  const status = parseStatus(searchParams.get('status'));
  const page = Math.max(1, Number.parseInt(searchParams.get('page') ?? '1', 10) || 1);
  const connection = useLivestreamEvents();
  // One more than a page, to know whether there is a next one.
  const streams = useLivestreams({ status, limit: pageSize + 1, offset: (page - 1) * pageSize });

  const show = (next: { status?: LivestreamStatus; page?: number }) => {
    const params = new URLSearchParams();
    if (next.status) {
      params.set('status', next.status);
    }
    if (next.page && next.page > 1) {
      params.set('page', String(next.page));
    }
    setSearchParams(params);
  };

  const items = streams.data?.slice(0, pageSize) ?? [];
  return (
    <div className="page">
      <div className="toolbar">
        <h1>Livestreams</h1>
        <ConnectionIndicator state={connection} />
      </div>
      <div className="toolbar">
        <StatusFilter value={status} onChange={(next) => show({ status: next })} />
      </div>

      {streams.isPending ? (
        <Loading label="Loading livestreams…" />
      ) : streams.isError ? (
        <ErrorMessage title="Could not load livestreams">
          {errorMessage(streams.error)}{' '}
          <button type="button" className="button button-small button-quiet" onClick={() => void streams.refetch()}>
            Try again
          </button>
        </ErrorMessage>
      ) : items.length === 0 ? (
        <div className="empty">
          <p>{page > 1 ? 'No more livestreams.' : status ? `No ${status.toLowerCase()} livestreams.` : 'No livestreams yet.'}</p>
          <Link className="button" to="/new">
            Start a livestream
          </Link>
        </div>
      ) : (
        <div className={`grid${streams.isPlaceholderData ? ' grid-loading' : ''}`}>
          {items.map((stream) => (
            <LivestreamCard key={stream.id} stream={stream} currentUserId={identity.id} />
          ))}
        </div>
      )}

      <Pagination
        page={page}
        hasNext={(streams.data?.length ?? 0) > pageSize}
        onChange={(next) => show({ status, page: next })}
      />
    </div>
  );
}

function parseStatus(value: string | null): LivestreamStatus | undefined {
  return livestreamStatuses.find((status) => status === value);
}
