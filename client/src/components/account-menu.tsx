import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { paths } from '@/config/paths';
import { useUser } from '@/hooks/use-session';
import { session } from '@/lib/session';
import { DisplayNameForm } from './display-name-form';

type Mode = 'closed' | 'menu' | 'rename';

/** Who you are (a "guest" badge for guests), a new display name for accounts, and signing out; else sign in or up. */
export function AccountMenu() {
  const user = useUser();
  const location = useLocation();
  const [mode, setMode] = useState<Mode>('closed');
  const container = useRef<HTMLDivElement>(null);
  const open = mode !== 'closed' && user !== null;

  useEffect(() => {
    if (!open) {
      return;
    }
    const closeOutside = (event: PointerEvent) => {
      if (event.target instanceof Node && !container.current?.contains(event.target)) {
        setMode('closed');
      }
    };
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setMode('closed');
      }
    };
    document.addEventListener('pointerdown', closeOutside);
    document.addEventListener('keydown', closeOnEscape);
    return () => {
      document.removeEventListener('pointerdown', closeOutside);
      document.removeEventListener('keydown', closeOnEscape);
    };
  }, [open]);

  // Back to this page after signing in or up, unless it is one of those pages itself.
  const here = location.pathname.startsWith('/sign-') ? undefined : `${location.pathname}${location.search}`;
  if (!user) {
    return (
      <div className="identity-links">
        <Link className="button button-quiet" to={paths.signIn(here)}>
          Sign in
        </Link>
        <Link className="button button-quiet wide-only" to={paths.signUp(here)}>
          Sign up
        </Link>
      </div>
    );
  }
  const guest = user.kind === 'Guest';

  return (
    <div className="identity" ref={container}>
      <button
        type="button"
        className="identity-button"
        aria-expanded={open}
        onClick={() => setMode(open ? 'closed' : 'menu')}
      >
        <span className="avatar" aria-hidden="true">
          {initials(user.displayName)}
        </span>
        <span className="identity-name" data-testid="account-name">
          {user.displayName}
        </span>
        {guest ? <span className="tag">guest</span> : null}
      </button>
      {open ? (
        <div className="identity-panel panel" role="dialog" aria-label="Account">
          <p className="muted identity-id">
            {guest ? (
              'You are watching as a guest: you can join any livestream as a viewer. To host your own, create an account.'
            ) : (
              <>
                Signed in as <strong>{user.email ?? user.displayName}</strong>
              </>
            )}
          </p>
          {mode === 'rename' ? (
            <DisplayNameForm
              initial={user.displayName}
              submitLabel="Save"
              onCancel={() => setMode('menu')}
              onSubmit={async (name) => {
                await session.rename(name);
                setMode('closed');
              }}
            />
          ) : (
            <div className="identity-actions">
              {guest ? (
                <>
                  <Link className="button" to={paths.signUp(here)} onClick={() => setMode('closed')}>
                    Sign up
                  </Link>
                  <Link className="button button-quiet" to={paths.signIn(here)} onClick={() => setMode('closed')}>
                    Sign in
                  </Link>
                </>
              ) : (
                <>
                  <Link className="button button-quiet" to="/analytics" onClick={() => setMode('closed')}>
                    Your analytics
                  </Link>
                  <button type="button" className="button button-quiet" onClick={() => setMode('rename')}>
                    Change display name
                  </button>
                </>
              )}
              <button
                type="button"
                className="button button-quiet"
                onClick={() => {
                  setMode('closed');
                  void session.signOut();
                }}
              >
                {guest ? 'Stop watching as a guest' : 'Sign out'}
              </button>
            </div>
          )}
        </div>
      ) : null}
    </div>
  );
}

function initials(name: string): string {
  const letters = name
    .trim()
    .split(/\s+/)
    .slice(0, 2)
    .map((word) => Array.from(word)[0] ?? '')
    .join('');
  return letters.toUpperCase() || '?';
}
