import type { ConnectionState } from '@/lib/event-stream';

const labels: Record<ConnectionState, string> = {
  connecting: 'Connecting to live updates…',
  open: 'Live updates on',
  reconnecting: 'Reconnecting…',
  closed: 'Live updates unavailable',
  ended: 'Stream over: updates finished',
};

/** A dot and a few words saying whether live numbers are arriving. */
export function ConnectionIndicator({ state, label }: { state: ConnectionState; label?: string }) {
  return (
    <span className={`connection connection-${state}`} role="status" data-testid="connection-state" data-state={state}>
      <span className="connection-dot" aria-hidden="true" />
      {label ?? labels[state]}
    </span>
  );
}
