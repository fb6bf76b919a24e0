import { act, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { session } from '@/lib/session';
import { ada } from '@/testing/fake-auth-api';
import { setUpFakeAuthApi, signInAs } from '@/testing/session';
import { renderPage } from '@/testing/test-utils';
import { AccountMenu } from './account-menu';

describe('AccountMenu', () => {
  const auth = setUpFakeAuthApi();

  it('offers signing in and up when nobody is signed in, coming back to this page', () => {
    renderPage(<AccountMenu />, { route: '/streams/abc' });
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/sign-in?next=%2Fstreams%2Fabc');
    expect(screen.getByRole('link', { name: 'Sign up' }).getAttribute('href')).toBe('/sign-up?next=%2Fstreams%2Fabc');
  });

  it('shows an account’s name, renames it (then refreshes its tokens) and signs out', async () => {
    await signInAs(auth.api, ada);
    const { user } = renderPage(<AccountMenu />);
    expect(screen.getByTestId('account-name').textContent).toBe('Ada');
    expect(screen.queryByText('guest')).toBeNull();

    await user.click(screen.getByTestId('account-name'));
    const menu = screen.getByRole('dialog', { name: 'Account' });
    expect(menu.textContent).toContain('Signed in as ada@example.com');
    expect(within(menu).getByRole('link', { name: 'Your analytics' }).getAttribute('href')).toBe('/analytics');
    await user.click(within(menu).getByRole('button', { name: 'Change display name' }));
    const name = within(menu).getByLabelText('Display name');
    await user.clear(name);
    await user.type(name, '   ');
    await user.click(within(menu).getByRole('button', { name: 'Save' }));
    expect(within(menu).getByText('Pick a display name')).toBeTruthy();

    auth.api.calls.length = 0;
    await user.clear(name);
    await user.type(name, 'Ada L.');
    await user.click(within(menu).getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(screen.getByTestId('account-name').textContent).toBe('Ada L.'));
    expect(auth.api.paths()).toEqual(['PATCH /auth/me', 'POST /auth/refresh', 'GET /auth/me']);
    expect(screen.queryByRole('dialog')).toBeNull();

    await user.click(screen.getByTestId('account-name'));
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await vi.waitFor(() => expect(screen.getByRole('link', { name: 'Sign in' })).toBeTruthy());
    expect(auth.api.calls.at(-1)).toMatchObject({ path: '/auth/logout' });
  });

  it('shows the Api’s refusal of a new name', async () => {
    await signInAs(auth.api, ada);
    const { user } = renderPage(<AccountMenu />);
    const patch = vi.spyOn(session, 'rename').mockRejectedValue(new Error('Display name must be at most 100 characters (256 bytes)'));
    await user.click(screen.getByTestId('account-name'));
    await user.click(screen.getByRole('button', { name: 'Change display name' }));
    await user.type(screen.getByLabelText('Display name'), '!');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Display name must be at most 100 characters (256 bytes)')).toBeTruthy();
    expect(patch).toHaveBeenCalledWith('Ada!');
  });

  it('marks a guest, offers an account instead of renaming, and forgets the guest on request', async () => {
    await act(() => session.startGuest());
    const { user } = renderPage(<AccountMenu />, { route: '/new' });
    expect(screen.getByTestId('account-name').textContent).toBe('Guest 0001');
    expect(screen.getByText('guest')).toBeTruthy();

    await user.click(screen.getByTestId('account-name'));
    const menu = screen.getByRole('dialog', { name: 'Account' });
    expect(within(menu).queryByRole('button', { name: 'Change display name' })).toBeNull();
    expect(within(menu).queryByRole('link', { name: 'Your analytics' })).toBeNull();
    expect(within(menu).getByRole('link', { name: 'Sign up' }).getAttribute('href')).toBe('/sign-up?next=%2Fnew');
    auth.api.calls.length = 0;
    await user.click(within(menu).getByRole('button', { name: 'Stop watching as a guest' }));
    await vi.waitFor(() => expect(session.getUser()).toBeNull());
    expect(auth.api.calls).toHaveLength(0);
  });

  it('follows a sign-out in another tab', async () => {
    await signInAs(auth.api, ada);
    const stop = session.start();
    renderPage(<AccountMenu />);
    expect(screen.getByTestId('account-name').textContent).toBe('Ada');
    act(() => {
      localStorage.removeItem('favorited.session');
      window.dispatchEvent(new StorageEvent('storage', { key: 'favorited.session' }));
    });
    expect(screen.getByRole('link', { name: 'Sign in' })).toBeTruthy();
    stop();
  });
});
