import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ConfirmButton } from '@/components/confirm-button';
import { ConnectionIndicator } from '@/components/connection-indicator';
import { ErrorMessage } from '@/components/error-message';
import { Loading } from '@/components/loading';
import { paths } from '@/config/paths';
import { useUser } from '@/hooks/use-session';
import { useStartGuest } from '@/hooks/use-start-guest';
import { ApiError, errorMessage } from '@/lib/api-client';
import { hasAccount } from '@/lib/session';
import { formatDateTime, formatRelativeTime } from '@/lib/format';
import type { Livestream } from '@/types/api';
import { ChatPanel } from '@/features/chat/components/chat-panel';
import { BanList } from '@/features/moderation/components/ban-list';
import { HandQueue } from '@/features/moderation/components/hand-queue';
import { ModerationLog } from '@/features/moderation/components/moderation-log';
import { ParticipantList } from '@/features/moderation/components/participant-list';
import { RemovalNotice } from '@/features/moderation/components/removal-notice';
import { StageControls } from '@/features/moderation/components/stage-controls';
import { useParticipants, useRemoval } from '@/features/moderation/hooks/use-stream-people';
import { useEndLivestream } from '../api/end-livestream';
import { useLivestream } from '../api/get-livestream';
import { hostDisplayName, isPrivate } from '../api/livestream-rules';
import { StreamAnnouncementsContext } from '../hooks/stream-announcements';
import { useStreamEvents } from '../hooks/use-stream-events';
import { useStreamSession, type StreamSessionControls } from '../hooks/use-stream-session';
import { EditLivestreamForm } from './edit-livestream-form';
import { InvitePanel } from './invite-panel';
import { PrivateBadge, StatusBadge } from './status-badge';
import { ViewerCount } from './viewer-count';

const StreamMedia = lazy(() => import('./stream-media'));
// With the charts library: loaded only for a creator whose stream is live.
const LiveAudienceChart = lazy(() => import('@/features/analytics/components/live-audience-chart'));

export function StreamPage() {
  const { id = '' } = useParams();
  const stream = useLivestream(id);
  const user = useUser();

  if (stream.isPending) {
    return <Loading label="Loading the livestream…" />;
  }
  if (stream.isError) {
    const notFound = stream.error instanceof ApiError && stream.error.status === 404;
    return (
      <div className="page">
        <BackLink />
        <ErrorMessage title={notFound ? 'No such livestream' : 'Could not load the livestream'}>
          {notFound
            ? 'Check the link: there is no livestream with this id, or it is private and you have not been invited (open the invite link you were sent).'
            : errorMessage(stream.error)}
        </ErrorMessage>
        {notFound && !user ? (
          <p className="prompt-actions">
            <Link className="button button-quiet" to={paths.signIn(`/streams/${id}`)}>
              Sign in
            </Link>
          </p>
        ) : null}
      </div>
    );
  }
  // Keyed by id: moving to another stream starts a fresh page, session and event stream.
  return <StreamView key={stream.data.id} stream={stream.data} />;
}

function StreamView({ stream }: { stream: Livestream }) {
  const hasLiveState = stream.status === 'LIVE' || stream.status === 'ENDED';
  const events = useStreamEvents(stream.id, hasLiveState, stream.status === 'LIVE');
  // Chat, moderation, stage and edits reach the parts of the page that show them through this.
  return (
    <StreamAnnouncementsContext value={events.announcements}>
      <StreamLayout stream={stream} events={events} hasLiveState={hasLiveState} />
    </StreamAnnouncementsContext>
  );
}

function StreamLayout({
  stream,
  events,
  hasLiveState,
}: {
  stream: Livestream;
  events: ReturnType<typeof useStreamEvents>;
  hasLiveState: boolean;
}) {
  const user = useUser();
  const navigate = useNavigate();
  // The creator's own account hosts; everyone else (guests included) watches.
  const isCreator = hasAccount(user) && stream.createdBy === user.id;
  const ended = stream.status === 'ENDED' || events.state?.status === 'ENDED';
  const live = stream.status === 'LIVE' && !ended;
  // The host's live chart stays after the end, to show the final figures.
  const [liveWhenOpened] = useState(live);
  // The host removed or banned this person: the session ends and the page says why.
  const removal = useRemoval(user?.id);

  // Someone not signed in joins once they choose to (as a guest, or after signing in).
  const session = useStreamSession({
    streamId: stream.id,
    userId: user?.id ?? '',
    role: isCreator ? 'HOST' : 'VIEWER',
    enabled: live && user !== null && removal === null,
  });
  const joined = session.state?.phase === 'joined';
  const refused = session.state?.phase === 'refused';
  const participants = useParticipants(stream.id, events.lastEventId, live);
  // A viewer the host brought on stage: their session's role is HOST now.
  const onStage =
    !isCreator && user !== null && (participants.data ?? []).some((p) => p.userId === user.id && p.role === 'HOST');

  // The name the creator gave when creating; else the host's name from live state once they connected.
  const liveHostName = events.state?.hostInfo.displayName;
  const host =
    hostDisplayName(stream.metadata) ??
    (liveHostName && liveHostName !== stream.createdBy ? liveHostName : stream.createdBy);

  return (
    <div className="page stream-page">
      <BackLink />
      <header className="stream-header">
        <div className="stream-heading">
          <StatusBadge status={ended ? 'ENDED' : stream.status} />
          {isPrivate(stream) ? <PrivateBadge /> : null}
          <h1>{stream.title}</h1>
        </div>
        <p className="stream-byline">
          Hosted by <strong>{host}</strong>
          {isCreator ? ' (you)' : ''} · <span className="room-name">#{stream.roomName}</span>
          {stream.startedAt ? <> · started {formatRelativeTime(stream.startedAt)}</> : null}
        </p>
        <div className="stream-actions">
          {live && session.state && session.state.phase !== 'left' ? (
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                session.leave();
                void navigate('/');
              }}
            >
              Leave
            </button>
          ) : null}
          {isCreator && hasLiveState ? (
            <Link className="button button-quiet" to={`/streams/${stream.id}/analytics`}>
              Analytics
            </Link>
          ) : null}
          {isCreator && live ? <EndStreamButton stream={stream} /> : null}
        </div>
      </header>

      <div className="stream-layout">
        <section className="stream-main" aria-label="Stream">
          {ended ? (
            <EndedPanel stream={stream} />
          ) : removal ? (
            <RemovalNotice removal={removal} />
          ) : live && user ? (
            <SessionPanel session={session} isHost={isCreator} publishes={isCreator || onStage} />
          ) : live ? (
            <JoinPrompt />
          ) : (
            <MediaBox>
              <strong>This livestream is not live ({stream.status}).</strong>
              <span className="media-detail">
                {stream.status === 'ERROR' ? 'Its LiveKit room could not be created.' : 'It has not started yet.'}
              </span>
            </MediaBox>
          )}
          {live && user && joined && !isCreator && !removal ? (
            <StageControls streamId={stream.id} userId={user.id} onStage={onStage} />
          ) : null}
          {live ? (
            <ParticipantList
              participants={participants}
              streamId={stream.id}
              creatorId={stream.createdBy}
              isHost={isCreator}
              currentUserId={user?.id}
            />
          ) : null}
        </section>

        <aside className="stream-side">
          <div className="panel stats" aria-label="Live numbers">
            <ViewerCount count={events.state?.viewerCount} size="large" suffix={ended ? 'at the end' : undefined} />
            <dl className="stats-list">
              <div>
                <dt>Peak</dt>
                <dd data-testid="peak-viewers">{events.state?.peakViewerCount ?? '–'}</dd>
              </div>
              <div>
                <dt>Unique viewers</dt>
                <dd>{events.state?.totalViewers ?? '–'}</dd>
              </div>
            </dl>
            {isCreator && liveWhenOpened ? (
              <Suspense fallback={null}>
                <LiveAudienceChart streamId={stream.id} state={events.state} ended={!live} />
              </Suspense>
            ) : null}
            {hasLiveState ? (
              <div className="stats-connection">
                <ConnectionIndicator
                  state={events.connection}
                  label={events.connection === 'closed' && !events.state ? 'No live numbers for this stream' : undefined}
                />
                {events.connection === 'closed' ? (
                  <button type="button" className="button button-small button-quiet" onClick={events.retry}>
                    Retry
                  </button>
                ) : null}
              </div>
            ) : null}
          </div>
          <div className="panel">
            <h2 className="panel-title">About</h2>
            <p className="stream-description">{stream.description || 'No description.'}</p>
            {user ? (
              <p className="muted">
                You are {isCreator ? 'the host' : 'a viewer'} as <strong>{user.displayName}</strong>
                {user.kind === 'Guest' ? ' (guest)' : ''}.
              </p>
            ) : null}
          </div>
          {hasLiveState ? (
            <ChatPanel
              streamId={stream.id}
              isHost={isCreator}
              joined={joined && removal === null}
              isGuest={user?.kind === 'Guest'}
              banned={removal?.kind === 'banned' || refused}
              ended={ended}
            />
          ) : null}
          {isCreator && live ? <HandQueue streamId={stream.id} /> : null}
          {isCreator && !ended ? <EditPanel stream={stream} /> : null}
          {isCreator && live ? <BanList streamId={stream.id} /> : null}
          {isCreator && hasLiveState ? <ModerationLog streamId={stream.id} you={user} /> : null}
          {isCreator && isPrivate(stream) && !ended ? <InvitePanel streamId={stream.id} /> : null}
        </aside>
      </div>
    </div>
  );
}

function SessionPanel({ session, isHost, publishes }: { session: StreamSessionControls; isHost: boolean; publishes: boolean }) {
  const state = session.state;
  if (!state || state.phase === 'joining') {
    return (
      <MediaBox>
        <Loading label="Joining…" />
      </MediaBox>
    );
  }
  switch (state.phase) {
    case 'joined':
      return (
        <Suspense
          fallback={
            <MediaBox>
              <Loading label="Loading the player…" />
            </MediaBox>
          }
        >
          <StreamMedia join={state.join} isHost={isHost || publishes} onConnectionLost={session.leave} />
        </Suspense>
      );
    case 'conflict':
      return (
        <MediaBox>
          <strong>You are already in this stream, perhaps in another tab.</strong>
          <button type="button" className="button" onClick={session.takeOver}>
            Watch here instead
          </button>
        </MediaBox>
      );
    case 'failed':
      return (
        <MediaBox role="alert">
          <strong>Could not join: {state.message}</strong>
          <button type="button" className="button" onClick={session.takeOver}>
            Try again
          </button>
        </MediaBox>
      );
    case 'refused':
      return (
        <MediaBox role="alert" testId="join-refused">
          <strong>{state.message}</strong>
          <span className="media-detail">The host decides who may watch this livestream.</span>
        </MediaBox>
      );
    case 'left':
      return (
        <MediaBox>
          <strong>You left this stream.</strong>
          <button type="button" className="button" onClick={session.rejoin}>
            Rejoin
          </button>
        </MediaBox>
      );
  }
}

/** Not signed in: join as a guest (a server-issued identity, started now) or sign in first. */
function JoinPrompt() {
  const location = useLocation();
  const guest = useStartGuest();
  return (
    <MediaBox testId="join-prompt">
      <strong>Join to watch this livestream.</strong>
      <span className="media-detail">No account needed: guests watch and are counted like everyone else.</span>
      <span className="prompt-actions">
        <button type="button" className="button" disabled={guest.pending} onClick={guest.start}>
          {guest.pending ? 'Joining…' : 'Join as a guest'}
        </button>
        <Link className="button button-quiet" to={paths.signIn(location.pathname)}>
          Sign in
        </Link>
      </span>
      {guest.problem ? (
        <span className="field-error" role="alert">
          {guest.problem}
        </span>
      ) : null}
    </MediaBox>
  );
}

/** The creator's edit form, folded away until opened. */
function EditPanel({ stream }: { stream: Livestream }) {
  return (
    <details className="panel" data-testid="edit-panel">
      <summary className="panel-title">Edit livestream</summary>
      <EditLivestreamForm stream={stream} />
    </details>
  );
}

function EndedPanel({ stream }: { stream: Livestream }) {
  return (
    <MediaBox testId="stream-ended">
      <strong className="media-ended-title">This livestream has ended.</strong>
      <span className="media-detail">
        {stream.endedAt ? `Ended ${formatDateTime(stream.endedAt)}.` : 'Thanks for watching.'}
      </span>
      <Link className="button" to="/">
        Find another livestream
      </Link>
    </MediaBox>
  );
}

function EndStreamButton({ stream }: { stream: Livestream }) {
  const end = useEndLivestream(stream.id);
  return (
    <ConfirmButton
      label="End stream"
      question="End it for everyone?"
      confirmLabel="Yes, end stream"
      pendingLabel="Ending…"
      pending={end.isPending}
      error={end.error}
      onConfirm={() => end.mutate()}
    />
  );
}

/** The dark 16:9 area where the video would be, with a message in the middle. */
function MediaBox({ children, role, testId }: { children: ReactNode; role?: 'alert'; testId?: string }) {
  return (
    <div className="media" data-testid={testId}>
      <div className="media-message" role={role}>
        {children}
      </div>
    </div>
  );
}

function BackLink() {
  return (
    <Link className="back-link" to="/">
      ← All livestreams
    </Link>
  );
}
