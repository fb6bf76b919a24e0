import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { session } from '@/lib/session';
import { ada } from '@/testing/fake-auth-api';
import { setUpFakeAuthApi, signInAs } from '@/testing/session';
import { renderPage } from '@/testing/test-utils';
import { CreateLivestreamPage } from './create-livestream-page';

describe('CreateLivestreamPage', () => {
  const auth = setUpFakeAuthApi();

  it('asks someone not signed in to sign up or in, and comes back here afterwards', () => {
    renderPage(<CreateLivestreamPage />, { route: '/new' });
    expect(screen.getByRole('heading', { name: 'Hosting needs an account' })).toBeTruthy();
    expect(screen.queryByLabelText('Title')).toBeNull();
    expect(screen.getByRole('link', { name: 'Sign up' }).getAttribute('href')).toBe('/sign-up?next=%2Fnew');
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/sign-in?next=%2Fnew');
  });

  it('tells a guest that guests watch, and shows no form', async () => {
    await act(() => session.startGuest('Gail'));
    renderPage(<CreateLivestreamPage />, { route: '/new' });
    expect(screen.getByTestId('account-required').textContent).toContain('You are watching as a guest (Gail)');
    expect(screen.queryByLabelText('Title')).toBeNull();
  });

  it('shows the form to an account, hosting under its name', async () => {
    await signInAs(auth.api, ada);
    renderPage(<CreateLivestreamPage />, { route: '/new' });
    expect(screen.getByText('Ada', { selector: 'strong' })).toBeTruthy();
    expect(screen.getByLabelText('Title')).toBeTruthy();
    expect(screen.queryByTestId('account-required')).toBeNull();
  });

  it('swaps the prompt for the form when the person signs in (here or in another tab)', async () => {
    renderPage(<CreateLivestreamPage />, { route: '/new' });
    expect(screen.getByTestId('account-required')).toBeTruthy();
    await act(() => signInAs(auth.api, ada));
    expect(screen.getByLabelText('Title')).toBeTruthy();
  });
});
