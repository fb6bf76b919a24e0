import { Link } from 'react-router';
import { paths } from '@/config/paths';
import { useStartGuest } from '@/hooks/use-start-guest';

/** For someone not signed in: what an account is for, and that watching needs none. */
export function Welcome() {
  const guest = useStartGuest();
  return (
    <section className="welcome panel" aria-labelledby="welcome-title">
      <div>
        <h2 id="welcome-title">Welcome to Favorited</h2>
        <p className="muted">
          Watch any livestream as a guest, no sign-up needed. To host livestreams of your own, create an account.
        </p>
        {guest.problem ? (
          <p className="form-error" role="alert">
            {guest.problem}
          </p>
        ) : null}
      </div>
      <div className="prompt-actions">
        <Link className="button" to={paths.signUp()}>
          Sign up
        </Link>
        <Link className="button button-quiet" to={paths.signIn()}>
          Sign in
        </Link>
        <button type="button" className="button button-quiet" disabled={guest.pending} onClick={guest.start}>
          Watch as a guest
        </button>
      </div>
    </section>
  );
}
