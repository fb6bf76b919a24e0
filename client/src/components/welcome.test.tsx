import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { session } from '@/lib/session';
import { error } from '@/testing/fake-auth-api';
import { setUpFakeAuthApi } from '@/testing/session';
import { renderPage } from '@/testing/test-utils';
import { Welcome } from './welcome';

describe('Welcome', () => {
  const auth = setUpFakeAuthApi();

  it('starts a guest session on request', async () => {
    const { user } = renderPage(<Welcome />);
    expect(screen.getByRole('link', { name: 'Sign up' }).getAttribute('href')).toBe('/sign-up');
    await user.click(screen.getByRole('button', { name: 'Watch as a guest' }));
    await vi.waitFor(() => expect(session.getUser()?.kind).toBe('Guest'));
    expect(auth.api.paths()).toEqual(['POST /auth/guest', 'GET /auth/me']);
  });

  it('says why when the Api will not start one', async () => {
    vi.stubGlobal('fetch', () =>
      Promise.resolve(error(429, 'TooManyRequests', 'Too many sign-in attempts from this IP, please try again later')),
    );
    const { user } = renderPage(<Welcome />);
    await user.click(screen.getByRole('button', { name: 'Watch as a guest' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Too many sign-in attempts from this IP, please try again later');
    expect(screen.getByRole('button', { name: 'Watch as a guest' }).hasAttribute('disabled')).toBe(false);
    expect(session.getUser()).toBeNull();
  });
});
