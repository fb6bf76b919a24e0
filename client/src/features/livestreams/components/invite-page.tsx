import { useEffect, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorMessage } from '@/components/error-message';
import { Loading } from '@/components/loading';
import { paths } from '@/config/paths';
import { useUser } from '@/hooks/use-session';
import { useStartGuest } from '@/hooks/use-start-guest';
import { ApiError, errorMessage } from '@/lib/api-client';
import { useRedeemInvite } from '../api/invites';

/**
 * /invites/{code}, the link a private stream's creator shares. Someone signed in (an account or a guest) redeems it at
 * once and goes on to the stream; someone not signed in chooses first: sign in, sign up (both come back here) or go on
 * as a guest. The Api's refusals (not found, revoked, expired, used up, accounts only) are shown as it words them.
 */
export function InvitePage() {
  const { code = '' } = useParams();
  const user = useUser();
  const navigate = useNavigate();
  const redeem = useRedeemInvite(code, user?.id ?? null);
  const here = `/invites/${encodeURIComponent(code)}`;
  const streamId = redeem.data?.livestreamId;

  useEffect(() => {
    if (streamId) {
      void navigate(`/streams/${streamId}`, { replace: true });
    }
  }, [navigate, streamId]);

  if (!user) {
    return (
      <InviteBox title="You’re invited to a private livestream">
        <p className="muted">
          Sign in or create an account to watch it; you come back to this invite afterwards. No account? Go on as a guest
          (if the invite allows guests).
        </p>
        <SignInOrUp next={here}>
          <GuestButton />
        </SignInOrUp>
      </InviteBox>
    );
  }
  if (redeem.isError) {
    return <Refusal error={redeem.error} next={here} guest={user.kind === 'Guest'} retry={() => void redeem.refetch()} />;
  }
  return <Loading label="Opening your invite…" />;
}

function Refusal({ error, next, guest, retry }: { error: Error; next: string; guest: boolean; retry: () => void }) {
  const status = error instanceof ApiError ? error.status : 0;
  const message = errorMessage(error);
  if (status === 403) {
    // A guest holding an invite for accounts only.
    return (
      <InviteBox title="This invite needs an account">
        <ErrorMessage title={message} />
        <SignInOrUp next={next} />
      </InviteBox>
    );
  }
  if (status === 404 || status === 410) {
    return (
      <InviteBox title={status === 404 ? 'Invite not found' : 'This invite can no longer be used'}>
        <ErrorMessage title={message}>
          {status === 404 ? 'Check the link, or ask whoever sent it for a new one.' : 'Ask whoever sent it for a new one.'}
        </ErrorMessage>
        {guest ? <SignInOrUp next={next} /> : null}
      </InviteBox>
    );
  }
  return (
    <InviteBox title="Could not open the invite">
      <ErrorMessage title={message} />
      <div className="prompt-actions">
        <button type="button" className="button" onClick={retry}>
          Try again
        </button>
      </div>
    </InviteBox>
  );
}

function InviteBox({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="page page-narrow">
      <div className="panel prompt" data-testid="invite-page">
        <h1>{title}</h1>
        {children}
      </div>
    </div>
  );
}

function SignInOrUp({ next, children }: { next: string; children?: ReactNode }) {
  return (
    <div className="prompt-actions">
      <Link className="button" to={paths.signIn(next)}>
        Sign in
      </Link>
      <Link className="button button-quiet" to={paths.signUp(next)}>
        Sign up
      </Link>
      {children}
    </div>
  );
}

function GuestButton() {
  const guest = useStartGuest();
  return (
    <>
      <button type="button" className="button button-quiet" disabled={guest.pending} onClick={guest.start}>
        {guest.pending ? 'Starting…' : 'Continue as a guest'}
      </button>
      {guest.problem ? (
        <span className="field-error" role="alert">
          {guest.problem}
        </span>
      ) : null}
    </>
  );
}
