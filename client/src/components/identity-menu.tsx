import { useEffect, useRef, useState } from 'react';
import { useIdentity } from '@/hooks/use-identity';
import { endTabIdentity, getBrowserIdentity, renameIdentity, startTabIdentity } from '@/lib/identity';
import { DisplayNameForm } from './display-name-form';

type Mode = 'closed' | 'menu' | 'rename' | 'switch';

/**
 * Who you are, and how to be someone else: every tab shares one identity, and "Be someone else in this tab"
 * gives this tab its own (a second viewer in a second tab of the same browser).
 */
export function IdentityMenu() {
  const identity = useIdentity();
  const [mode, setMode] = useState<Mode>('closed');
  const container = useRef<HTMLDivElement>(null);
  const open = mode !== 'closed';

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

  if (!identity) {
    return null;
  }
  const shared = identity.scope === 'tab' ? getBrowserIdentity() : null;

  return (
    <div className="identity" ref={container}>
      <button
        type="button"
        className="identity-button"
        aria-expanded={open}
        onClick={() => setMode(open ? 'closed' : 'menu')}
        title={`User id ${identity.id}`}
      >
        <span className="avatar" aria-hidden="true">
          {initials(identity.displayName)}
        </span>
        <span className="identity-name" data-testid="identity-name">
          {identity.displayName}
        </span>
        {identity.scope === 'tab' ? <span className="tag">this tab</span> : null}
      </button>
      {open ? (
        <div className="identity-panel panel" role="dialog" aria-label="Identity">
          <p className="muted identity-id">
            User id <code>{identity.id}</code>
            {identity.scope === 'tab' ? ' (only in this tab)' : ' (every tab of this browser)'}
          </p>
          {mode === 'menu' ? (
            <div className="identity-actions">
              <button type="button" className="button button-quiet" onClick={() => setMode('rename')}>
                Rename
              </button>
              <button type="button" className="button button-quiet" onClick={() => setMode('switch')}>
                Be someone else in this tab
              </button>
              {shared ? (
                <button
                  type="button"
                  className="button button-quiet"
                  onClick={() => {
                    endTabIdentity();
                    setMode('closed');
                  }}
                >
                  Back to {shared.displayName}
                </button>
              ) : null}
            </div>
          ) : (
            <DisplayNameForm
              initial={mode === 'rename' ? identity.displayName : ''}
              submitLabel={mode === 'rename' ? 'Save' : 'Switch'}
              onCancel={() => setMode('menu')}
              onSubmit={(name) => {
                if (mode === 'rename') {
                  renameIdentity(name);
                } else {
                  startTabIdentity(name);
                }
                setMode('closed');
              }}
            />
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
