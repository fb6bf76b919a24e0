import { Link } from 'react-router';
import { formatDateTime } from '@/lib/format';
import type { Removal } from '../hooks/use-stream-people';

/** What a person the host removed or banned sees in place of the stream, with the host's reason. */
export function RemovalNotice({ removal }: { removal: Removal }) {
  const banned = removal.kind === 'banned';
  return (
    <div className="media" data-testid="removal-notice" data-kind={removal.kind}>
      <div className="media-message" role="alert">
        <strong className="media-ended-title">
          {banned ? 'The host banned you from this livestream.' : 'The host removed you from this livestream.'}
        </strong>
        <span className="media-detail" data-testid="removal-reason">
          {removal.reason ? `Reason: ${removal.reason}` : 'No reason was given.'}
        </span>
        {banned ? (
          <span className="media-detail" data-testid="ban-until">
            {removal.until ? `You may come back after ${formatDateTime(removal.until)}.` : 'The ban has no end date.'}
          </span>
        ) : null}
        <Link className="button" to="/">
          Find another livestream
        </Link>
      </div>
    </div>
  );
}
