import { useState } from 'react';
import { ErrorMessage } from '@/components/error-message';
import { Loading } from '@/components/loading';
import { errorMessage } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format';
import { useStreamAction } from '../api/moderation';
import { useBans, useNameOf } from '../hooks/use-stream-people';

/** The host's bans in force, each with its end and a way to lift it; read when opened, kept current by the events. */
export function BanList({ streamId }: { streamId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="panel moderation-log" data-testid="ban-list" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className="panel-title">Bans</summary>
      {open ? <Bans streamId={streamId} /> : null}
    </details>
  );
}

function Bans({ streamId }: { streamId: string }) {
  const bans = useBans(streamId, true);
  const nameOf = useNameOf(streamId, true, null);
  const lift = useStreamAction(streamId);
  if (bans.isPending) {
    return <Loading label="Loading bans…" />;
  }
  if (bans.isError) {
    return <ErrorMessage title="Could not load the bans">{errorMessage(bans.error)}</ErrorMessage>;
  }
  if (bans.data.length === 0) {
    return <p className="muted">Nobody is banned.</p>;
  }
  return (
    <>
      <ul className="people" aria-label="Banned people">
        {bans.data.map((ban) => (
          <li key={ban.userId} className="person" data-testid="ban" data-user-id={ban.userId}>
            <span>
              <strong>{nameOf(ban.userId)}</strong>{' '}
              <span className="muted">
                {ban.until ? `until ${formatDateTime(ban.until)}` : 'until lifted'}
                {ban.reason ? ` — ${ban.reason}` : ''}
              </span>
            </span>
            <button
              type="button"
              className="button button-small button-quiet"
              disabled={lift.isPending}
              onClick={() => lift.mutate({ kind: 'unban', userId: ban.userId })}
            >
              Lift ban
            </button>
          </li>
        ))}
      </ul>
      {lift.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(lift.error)}
        </p>
      ) : null}
    </>
  );
}
