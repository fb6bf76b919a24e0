import { screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ada, error } from '@/testing/fake-auth-api';
import { setUpFakeAuthApi, signInAs } from '@/testing/session';
import { jsonResponse, renderPage } from '@/testing/test-utils';
import { InvitePage } from './invite-page';

const streamId = '00000000-0000-4000-8000-0000000000aa';

describe('InvitePage', () => {
  const auth = setUpFakeAuthApi();
  /** What POST /invites/abc/redeem answers next. */
  let answer: () => Response;
  const redeems = () => auth.api.calls.filter((call) => call.path === '/invites/abc/redeem');

  beforeEach(() => {
    answer = () => jsonResponse(200, { success: true, data: { livestreamId: streamId } });
    auth.api.route = (call) => (call.method === 'POST' && call.path === '/invites/abc/redeem' ? answer() : undefined);
  });

  const open = () => renderPage(<InvitePage />, { route: '/invites/abc', path: '/invites/:code' });
  const location = () => screen.getByTestId('location').textContent;

  it('tells someone not signed in they are invited, with sign in and up coming back here, and sends nothing', () => {
    open();
    expect(screen.getByRole('heading', { name: 'You’re invited to a private livestream' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/sign-in?next=%2Finvites%2Fabc');
    expect(screen.getByRole('link', { name: 'Sign up' }).getAttribute('href')).toBe('/sign-up?next=%2Finvites%2Fabc');
    expect(redeems()).toHaveLength(0);
  });

  it('goes on as a guest: redeems with the guest’s token, then opens the stream', async () => {
    const { user } = open();
    await user.click(screen.getByRole('button', { name: 'Continue as a guest' }));
    await vi.waitFor(() => expect(location()).toBe(`/streams/${streamId}`));
    expect(redeems()).toHaveLength(1);
    expect(auth.api.userOf(redeems()[0]?.token)?.kind).toBe('Guest');
  });

  it('shows a guest the Api’s answer for an invite meant for accounts, and offers to sign in or up', async () => {
    answer = () => error(403, 'AuthorizationError', 'This invite is for people with an account: sign up or sign in to use it');
    const { user } = open();
    await user.click(screen.getByRole('button', { name: 'Continue as a guest' }));
    expect(await screen.findByRole('heading', { name: 'This invite needs an account' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('This invite is for people with an account: sign up or sign in to use it');
    expect(screen.getByRole('link', { name: 'Sign up' }).getAttribute('href')).toBe('/sign-up?next=%2Finvites%2Fabc');
    expect(location()).toBe('/invites/abc');
  });

  it('redeems at once for someone signed in', async () => {
    await signInAs(auth.api, ada);
    open();
    await vi.waitFor(() => expect(location()).toBe(`/streams/${streamId}`));
    expect(auth.api.userOf(redeems()[0]?.token)).toEqual(ada);
  });

  it.each([
    [410, 'GoneError', 'This invite was revoked', 'This invite can no longer be used'],
    [410, 'GoneError', 'This invite has expired', 'This invite can no longer be used'],
    [410, 'GoneError', 'This invite has been used as many times as it allows', 'This invite can no longer be used'],
    [404, 'NotFoundError', 'Invite not found', 'Invite not found'],
  ])('shows a %i refusal: %s', async (status, kind, message, heading) => {
    answer = () => error(status, kind, message);
    await signInAs(auth.api, ada);
    open();
    expect(await screen.findByRole('heading', { name: heading })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain(message);
    expect(redeems()).toHaveLength(1);
    expect(location()).toBe('/invites/abc');
  });
});
