import { chooseDisplayName } from '@/lib/identity';
import { DisplayNameForm } from './display-name-form';

/** First visit: a name is all it takes (there are no accounts yet). */
export function Welcome() {
  return (
    <div className="welcome panel">
      <h1>Welcome to Favorited</h1>
      <p className="muted">
        Pick a name to watch and host livestreams. It is kept in this browser with a random user id; there is no
        sign-in yet.
      </p>
      <DisplayNameForm submitLabel="Continue" onSubmit={chooseDisplayName} />
    </div>
  );
}
