import { useState } from 'react';
import { ErrorMessage } from '@/components/error-message';
import { Loading } from '@/components/loading';
import { errorMessage } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format';
import type { ModerationActionKind } from '@/types/api';
import { useModerationLog, useNameOf } from '../hooks/use-stream-people';

const actionLabels: Record<ModerationActionKind, string> = {
  REMOVE: 'removed',
  BAN: 'banned',
  UNBAN: 'lifted the ban on',
  MUTE: 'muted',
  STAGE_INVITE: 'invited on stage',
  STAGE_REMOVE: 'stepped down',
};

/** Who is viewing (named "you" in the log). */
export type Viewer = { id: string; displayName: string } | null;

/**
 * The host's record of what was done in the stream, newest first, with people's names; read when opened, and again after
 * each action.
 */
export function ModerationLog({ streamId, you }: { streamId: string; you: Viewer }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="panel moderation-log" data-testid="moderation-log" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className="panel-title">Moderation log</summary>
      {open ? <ModerationEntries streamId={streamId} you={you} /> : null}
    </details>
  );
}

function ModerationEntries({ streamId, you }: { streamId: string; you: Viewer }) {
  const actions = useModerationLog(streamId, true);
  const nameOf = useNameOf(streamId, true, you);
  if (actions.isPending) {
    return <Loading label="Loading the log…" />;
  }
  if (actions.isError) {
    return <ErrorMessage title="Could not load the log">{errorMessage(actions.error)}</ErrorMessage>;
  }
  if (actions.data.length === 0) {
    return <p className="muted">Nothing yet.</p>;
  }
  return (
    <ol className="log" aria-label="Moderation actions">
      {actions.data.map((action) => (
        <li key={action.id} data-testid="moderation-action" data-action={action.action}>
          <time dateTime={action.createdAt}>{formatDateTime(action.createdAt)}</time>{' '}
          <strong>{nameOf(action.actorId)}</strong> {actionLabels[action.action]} <strong>{nameOf(action.targetId)}</strong>
          {action.reason ? <span className="muted"> — {action.reason}</span> : null}
        </li>
      ))}
    </ol>
  );
}
