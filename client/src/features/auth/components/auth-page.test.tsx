import { screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '@/lib/session';
import { ada } from '@/testing/fake-auth-api';
import { setUpFakeAuthApi } from '@/testing/session';
import { renderPage } from '@/testing/test-utils';
import { AuthPage } from './auth-page';

describe('AuthPage', () => {
  const auth = setUpFakeAuthApi();
  beforeEach(() => {
    auth.api.addAccount(ada);
  });

  const field = (label: string) => screen.getByLabelText(label);

  it('signs up: checks the Api’s rules first, then registers, signs in and goes on to `next`', async () => {
    const { user } = renderPage(<AuthPage mode="sign-up" />, { route: '/sign-up?next=%2Fnew' });
    await user.type(field('Display name'), 'Cy');
    await user.type(field('Email'), 'cy@example.com');
    await user.type(field('Password'), 'password');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(screen.getByText('Password needs an uppercase letter, a digit and a symbol')).toBeTruthy();
    expect(document.activeElement).toBe(field('Password'));
    expect(auth.api.calls).toHaveLength(0);

    await user.clear(field('Password'));
    await user.type(field('Password'), 'Passw0rd!');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    await vi.waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/new'));
    expect(auth.api.paths()).toEqual(['POST /auth/register', 'POST /auth/login', 'GET /auth/me']);
    expect(auth.api.calls[0]?.body).toEqual({ email: 'cy@example.com', password: 'Passw0rd!', displayName: 'Cy' });
    expect(session.getUser()).toMatchObject({ displayName: 'Cy', kind: 'Account' });
  });

  it('shows an email already taken next to the email', async () => {
    const { user } = renderPage(<AuthPage mode="sign-up" />, { route: '/sign-up' });
    await user.type(field('Display name'), 'Ada again');
    await user.type(field('Email'), 'ada@example.com');
    await user.type(field('Password'), 'Passw0rd!');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    const message = await screen.findByText('An account with this email already exists');
    expect(field('Email').getAttribute('aria-describedby')).toBe(message.id);
    expect(session.getUser()).toBeNull();
  });

  it('signs in, and says so when the Api refuses the password', async () => {
    const { user } = renderPage(<AuthPage mode="sign-in" />, { route: '/sign-in?next=%2Fstreams%2Fabc' });
    await user.type(field('Email'), 'ada@example.com');
    await user.type(field('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Invalid email or password');
    expect(screen.getByTestId('location').textContent).toBe('/sign-in?next=%2Fstreams%2Fabc');

    await user.clear(field('Password'));
    await user.type(field('Password'), 'Passw0rd!');
    expect(screen.queryByRole('alert')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await vi.waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/streams/abc'));
    expect(session.getUser()).toEqual(ada);
  });

  it('never goes on to another site', async () => {
    const { user } = renderPage(<AuthPage mode="sign-in" />, { route: '/sign-in?next=%2F%2Fevil.example' });
    await user.type(field('Email'), 'ada@example.com');
    await user.type(field('Password'), 'Passw0rd!');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await vi.waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/'));
  });
});
