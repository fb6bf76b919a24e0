import { expect, test } from '@playwright/test';
import path from 'node:path';
import { accountAction, card, clientUrl, header, password, screenshotsDir, signedInUser, signUp, unique } from './graph';

test('an account signs out and in again; every tab of the browser follows; the new display name shows everywhere', async ({ context }) => {
  const one = await context.newPage();
  const email = await signUp(one, 'Sam Signer');
  const account = await signedInUser(one);

  // A stream of Sam's, to find among "Your streams" after signing in again.
  await one.getByRole('link', { name: 'New livestream' }).click();
  const title = unique('Sam live');
  await one.getByLabel('Title').fill(title);
  await one.getByLabel('Room name').fill(title);
  await one.getByRole('button', { name: 'Go live' }).click();
  await expect(one).toHaveURL(/\/streams\/[0-9a-f-]{36}$/);
  const streamId = one.url().split('/').pop() ?? '';
  // Joined as host (the media connection was tried) before the page goes: a leave asked for while the join is still
  // out is sent when its answer comes, which a page already gone never sees.
  await expect(one.getByText('Media server unreachable — live status and counts still work.')).toBeVisible();
  await one.goto(`${clientUrl()}/`);

  // A second tab is signed in too (the refresh token is in localStorage).
  const two = await context.newPage();
  await two.goto(`${clientUrl()}/`);
  await expect(two.getByTestId('account-name')).toHaveText('Sam Signer');

  // Signing out in one tab signs the other out, without a reload.
  await accountAction(one, 'Sign out');
  await expect(header(one).getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(header(two).getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(two.getByTestId('account-name')).toHaveCount(0);
  expect(await one.evaluate(() => localStorage.getItem('favorited.session'))).toBeNull();
  await one.screenshot({ path: path.join(screenshotsDir, 'signed-out.png'), fullPage: true });

  // Signing in: a wrong password is refused, the right one works, and the other tab follows.
  await header(one).getByRole('link', { name: 'Sign in' }).click();
  await one.getByLabel('Email').fill(email);
  await one.getByLabel('Password').fill('Wrong-passw0rd');
  await one.getByRole('button', { name: 'Sign in' }).click();
  await expect(one.getByRole('alert')).toHaveText('Invalid email or password');
  await one.screenshot({ path: path.join(screenshotsDir, 'sign-in-refused.png'), fullPage: true });
  await one.getByLabel('Password').fill(password);
  await one.getByRole('button', { name: 'Sign in' }).click();
  await expect(one.getByTestId('account-name')).toHaveText('Sam Signer');
  await expect(one).toHaveURL(`${clientUrl()}/`);
  await expect(two.getByTestId('account-name')).toHaveText('Sam Signer');
  expect((await signedInUser(one)).id).toBe(account.id);

  // The same account (its id from /auth/me): the stream is among "Your streams".
  await one.getByRole('button', { name: 'Your streams' }).click();
  await expect(one).toHaveURL(/[?&]mine=1/);
  await expect(card(one, streamId)).toContainText('Sam Signer (you)');

  // A new display name: PATCH /auth/me, then fresh tokens; both tabs show it.
  await accountAction(one, 'Change display name');
  await one.getByRole('dialog', { name: 'Account' }).getByLabel('Display name').fill('Sam S.');
  await one.getByRole('button', { name: 'Save' }).click();
  await expect(one.getByTestId('account-name')).toHaveText('Sam S.');
  await expect(two.getByTestId('account-name')).toHaveText('Sam S.');
  await one.getByTestId('account-name').click();
  await one.screenshot({ path: path.join(screenshotsDir, 'account-menu.png'), fullPage: true });

  // Joining with the new tokens shows the new name to others (the Api takes it from the token).
  await two.goto(`${clientUrl()}/streams/${streamId}`);
  await expect(two.getByText('You are the host as')).toContainText('Sam S.');
  await expect
    .poll(async () => {
      const response = await two.request.get(`${clientUrl()}/api/v1/livestreams/${streamId}/participants?status=JOINED&role=HOST`);
      return ((await response.json()) as { data: { displayName: string }[] }).data.map((p) => p.displayName);
    })
    .toEqual(['Sam S.']);
});
