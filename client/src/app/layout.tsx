import type { ReactNode } from 'react';
import { Link, NavLink } from 'react-router';
import { AccountMenu } from '@/components/account-menu';

export function Layout({ children }: { children: ReactNode }) {
  return (
    <>
      <header className="app-header">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ●
          </span>
          Favorited
        </Link>
        <nav className="app-nav">
          <NavLink to="/new" className="button">
            <span className="wide-only">New livestream</span>
            <span className="narrow-only">+ New</span>
          </NavLink>
          <AccountMenu />
        </nav>
      </header>
      <main className="app-main">{children}</main>
    </>
  );
}
