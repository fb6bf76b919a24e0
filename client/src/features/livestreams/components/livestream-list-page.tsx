import { Link, useSearchParams } from 'react-router';
import { ConnectionIndicator } from '@/components/connection-indicator';
import { ErrorMessage } from '@/components/error-message';
import { Loading } from '@/components/loading';
import { Welcome } from '@/components/welcome';
import { useUser } from '@/hooks/use-session';
import { errorMessage } from '@/lib/api-client';
import { hasAccount } from '@/lib/session';
import { livestreamStatuses, type LivestreamStatus } from '@/types/api';
import { useLivestreams } from '../api/get-livestreams';
import { useLivestreamEvents } from '../hooks/use-livestream-events';
import { LivestreamCard } from './livestream-card';
import { Pagination } from './pagination';
import { StatusFilter } from './status-filter';

export const pageSize = 12;

export function LivestreamListPage() {
  const user = useUser();
  const [searchParams, setSearchParams] = useSearchParams();
  const status = parseStatus(searchParams.get('status'));
  const page = Math.max(1, Number.parseInt(searchParams.get('page') ?? '1', 10) || 1);
  // "Your streams": the streams whose createdBy is the signed-in account's id (from /auth/me).
  const mine = searchParams.get('mine') === '1' && hasAccount(user);
  const connection = useLivestreamEvents();
  // One more than a page, to know whether there is a next one.
  const streams = useLivestreams({
    status,
    createdBy: mine ? user.id : undefined,
    limit: pageSize + 1,
    offset: (page - 1) * pageSize,
  });

  const show = (next: { status?: LivestreamStatus; mine?: boolean; page?: number }) => {
    const params = new URLSearchParams();
    if (next.status) {
      params.set('status', next.status);
    }
    if (next.mine) {
      params.set('mine', '1');
    }
    if (next.page && next.page > 1) {
      params.set('page', String(next.page));
    }
    setSearchParams(params);
  };

  const items = streams.data?.slice(0, pageSize) ?? [];
  return (
    <div className="page">
      {user ? null : <Welcome />}
      <div className="toolbar">
        <h1>{mine ? 'Your livestreams' : 'Livestreams'}</h1>
        <ConnectionIndicator state={connection} />
      </div>
      <div className="toolbar">
        <StatusFilter value={status} onChange={(next) => show({ status: next, mine })} />
        {hasAccount(user) ? (
          <button
            type="button"
            className="button button-quiet toggle"
            aria-pressed={mine}
            onClick={() => show({ status, mine: !mine })}
          >
            Your streams
          </button>
        ) : null}
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
          <p>
            {page > 1
              ? 'No more livestreams.'
              : `No ${status ? `${status.toLowerCase()} ` : ''}livestreams${mine ? ' of yours' : ''}${status ? '' : ' yet'}.`}
          </p>
          <Link className="button" to="/new">
            Start a livestream
          </Link>
        </div>
      ) : (
        <div className={`grid${streams.isPlaceholderData ? ' grid-loading' : ''}`}>
          {items.map((stream) => (
            <LivestreamCard key={stream.id} stream={stream} currentUserId={user?.id} />
          ))}
        </div>
      )}

      <Pagination
        page={page}
        hasNext={(streams.data?.length ?? 0) > pageSize}
        onChange={(next) => show({ status, mine, page: next })}
      />
    </div>
  );
}

function parseStatus(value: string | null): LivestreamStatus | undefined {
  return livestreamStatuses.find((status) => status === value);
}
