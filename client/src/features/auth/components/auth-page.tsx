import { Link, useNavigate, useSearchParams } from 'react-router';
import { paths, safeNext } from '@/config/paths';
import { useUser } from '@/hooks/use-session';
import type { AccountFormMode } from '../api/account-rules';
import { AccountForm } from './account-form';

/** /sign-in and /sign-up; afterwards the person goes back to where they came from (`next`). */
export function AuthPage({ mode }: { mode: AccountFormMode }) {
  const user = useUser();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const next = safeNext(searchParams.get('next'));
  const signUp = mode === 'sign-up';

  return (
    <div className="page page-narrow auth-page">
      <div className="page-heading">
        <h1>{signUp ? 'Create your account' : 'Sign in'}</h1>
        <p className="muted">
          {signUp
            ? 'An account lets you host livestreams; watching needs none.'
            : 'Welcome back. Sign in to host your livestreams.'}
          {user ? (
            <>
              {' '}
              You are {user.kind === 'Guest' ? 'watching as a guest' : 'signed in'} as <strong>{user.displayName}</strong> now.
            </>
          ) : null}
        </p>
      </div>
      {/* Keyed: switching between the two pages starts an empty form. */}
      <AccountForm key={mode} mode={mode} onDone={() => void navigate(next)} />
      <p className="muted auth-switch">
        {signUp ? (
          <>
            Already have an account? <Link to={paths.signIn(next)}>Sign in</Link>
          </>
        ) : (
          <>
            No account yet? <Link to={paths.signUp(next)}>Sign up</Link>
          </>
        )}
      </p>
    </div>
  );
}
