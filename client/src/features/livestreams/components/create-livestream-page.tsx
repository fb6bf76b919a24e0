import { Link, useNavigate } from 'react-router';
import { paths } from '@/config/paths';
import { useUser } from '@/hooks/use-session';
import { hasAccount } from '@/lib/session';
import { CreateLivestreamForm } from './create-livestream-form';

export function CreateLivestreamPage() {
  const user = useUser();
  const navigate = useNavigate();
  return (
    <div className="page page-narrow">
      <Link className="back-link" to="/">
        ← All livestreams
      </Link>
      <div className="page-heading">
        <h1>Start a livestream</h1>
        {hasAccount(user) ? (
          <p className="muted">
            You will host it as <strong>{user.displayName}</strong>; it goes live as soon as it is created.
          </p>
        ) : null}
      </div>
      {hasAccount(user) ? (
        <CreateLivestreamForm hostName={user.displayName} onCreated={(stream) => void navigate(`/streams/${stream.id}`)} />
      ) : (
        <div className="panel prompt" data-testid="account-required">
          <h2>Hosting needs an account</h2>
          <p className="muted">
            {user
              ? `You are watching as a guest (${user.displayName}). Guests can watch any livestream; to start your own, sign up or sign in.`
              : 'Anyone can watch without one; to start a livestream of your own, sign up or sign in.'}
          </p>
          <div className="prompt-actions">
            <Link className="button" to={paths.signUp('/new')}>
              Sign up
            </Link>
            <Link className="button button-quiet" to={paths.signIn('/new')}>
              Sign in
            </Link>
          </div>
        </div>
      )}
    </div>
  );
}
