import { ErrorMessage } from '@/components/error-message';
import { Loading } from '@/components/loading';
import { errorMessage } from '@/lib/api-client';
import { formatRelativeTime } from '@/lib/format';
import { useStreamAction } from '../api/moderation';
import { useHandQueue } from '../hooks/use-stream-people';

/** The host's queue of raised hands, oldest first, live; each can be invited on stage. */
export function HandQueue({ streamId }: { streamId: string }) {
  const hands = useHandQueue(streamId, true);
  const action = useStreamAction(streamId);
  return (
    <section className="panel" aria-labelledby="hands-title" data-testid="hand-queue">
      <h2 className="panel-title" id="hands-title">
        Raised hands{hands.data && hands.data.length > 0 ? ` (${hands.data.length})` : ''}
      </h2>
      {hands.isPending ? (
        <Loading label="Loading raised hands…" />
      ) : hands.isError ? (
        <ErrorMessage title="Could not load raised hands">{errorMessage(hands.error)}</ErrorMessage>
      ) : hands.data.length === 0 ? (
        <p className="muted">No hands raised.</p>
      ) : (
        <ol className="people" aria-label="Raised hands">
          {hands.data.map((hand) => (
            <li key={hand.userId} className="person" data-testid="raised-hand" data-user-id={hand.userId}>
              <span className="person-name">
                <strong>{hand.displayName}</strong> <span className="muted">{formatRelativeTime(hand.raisedAt)}</span>
              </span>
              <button
                type="button"
                className="button button-small"
                disabled={action.isPending}
                onClick={() => action.mutate({ kind: 'invite', userId: hand.userId })}
              >
                Invite
              </button>
            </li>
          ))}
        </ol>
      )}
      {action.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(action.error)}
        </p>
      ) : null}
    </section>
  );
}
