import { expect, test, type Browser, type Page } from '@playwright/test';
import path from 'node:path';
import { apiAccount, apiCreateStream, card, clientUrl, password, screenshotsDir, signUp, unique } from './graph';

/** Creates a private stream through the form (signed in as an account); returns its id. */
async function createPrivateStream(page: Page, title: string): Promise<string> {
  await page.getByRole('link', { name: 'New livestream' }).click();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Room name').fill(unique('private'));
  await page.getByRole('radio', { name: /Private/ }).check();
  await page.getByRole('button', { name: 'Go live' }).click();
  await expect(page).toHaveURL(/\/streams\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('private-badge')).toBeVisible();
  return page.url().split('/').pop() ?? '';
}

/** Makes an invite in the creator's panel (accounts only, no expiry, no limit) and returns its link, as copied. */
async function createInviteLink(page: Page): Promise<string> {
  const panel = page.getByTestId('invite-panel');
  const before = await panel.getByTestId('invite').count();
  await panel.getByRole('button', { name: 'Create invite' }).click();
  await expect(panel.getByTestId('invite')).toHaveCount(before + 1);
  const invite = panel.getByTestId('invite').first();
  await expect(invite).toHaveAttribute('data-state', 'Active');
  await invite.getByRole('button', { name: 'Copy link' }).click();
  await expect(invite.getByRole('button', { name: 'Copied' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(new RegExp(`^${clientUrl()}/invites/[^/]+$`));
  await expect(invite.locator('.invite-link')).toHaveText(copied);
  return copied;
}

/** Another browser (its own storage) signed up as a new account. */
async function otherAccount(browser: Browser, displayName: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signUp(page, displayName);
  return page;
}

test('a private stream is seen by its creator only, until an invite lets another account in to watch and be counted', async ({
  browser,
  context,
  request,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: clientUrl() });
  const creator = await context.newPage();
  await signUp(creator, 'Pia Private');
  // A public stream created first: the other account's list shows it, so the list has loaded when looked at.
  const neighbour = await apiAccount(request, 'Nell Neighbour');
  const publicId = await apiCreateStream(request, neighbour, 'Public next door');
  const title = unique('Secret rehearsal');
  const streamId = await createPrivateStream(creator, title);
  await expect(creator.getByTestId('invite-panel')).toBeVisible();

  // The creator's list shows it, marked private.
  await creator.getByRole('link', { name: 'All livestreams' }).click();
  await expect(card(creator, streamId).getByTestId('private-badge')).toBeVisible();
  await creator.screenshot({ path: path.join(screenshotsDir, 'private-list-creator.png'), fullPage: true });

  // Another account sees neither the card nor the page.
  const viewer = await otherAccount(browser, 'Vic Viewer');
  await viewer.goto(`${clientUrl()}/`);
  await expect(card(viewer, publicId)).toBeVisible();
  await expect(card(viewer, streamId)).toHaveCount(0);
  await viewer.goto(`${clientUrl()}/streams/${streamId}`);
  await expect(viewer.getByRole('alert')).toContainText('No such livestream');

  // The creator makes an invite and copies its link.
  await creator.goto(`${clientUrl()}/streams/${streamId}`);
  await expect(creator.getByText('You are the host as')).toBeVisible();
  const link = await createInviteLink(creator);
  await creator.screenshot({ path: path.join(screenshotsDir, 'invite-panel.png'), fullPage: true });

  // The other account opens it: let in, straight to the stream, watching and counted on the creator's page.
  await viewer.goto(link);
  await expect(viewer).toHaveURL(`${clientUrl()}/streams/${streamId}`);
  await expect(viewer.getByRole('heading', { name: title })).toBeVisible();
  await expect(viewer.getByTestId('private-badge')).toBeVisible();
  await expect(viewer.getByText('You are a viewer as')).toContainText('Vic Viewer');
  await expect(viewer.getByTestId('invite-panel')).toHaveCount(0);
  await expect(viewer.getByTestId('viewer-count')).toHaveAttribute('data-count', '1');
  await expect(creator.getByTestId('viewer-count')).toHaveAttribute('data-count', '1');
  await viewer.screenshot({ path: path.join(screenshotsDir, 'invited-watching.png'), fullPage: true });

  // The invite counts its use (after a reload of the creator's page).
  await creator.reload();
  await expect(creator.getByTestId('invite').first().getByTestId('invite-uses')).toHaveText('1 used');
  await viewer.context().close();
});

test('an invite for accounts only refuses a guest with the Api’s message, who then signs up and is let in', async ({
  browser,
  request,
}) => {
  const host = await apiAccount(request, 'Hana Host');
  const created = await request.post(`${clientUrl()}/api/v1/livestreams`, {
    headers: { Authorization: `Bearer ${host.token}` },
    data: { roomName: unique('accounts-only'), title: 'Accounts only', visibility: 'PRIVATE', metadata: { hostDisplayName: 'Hana Host' } },
  });
  expect(created.status(), await created.text()).toBe(201);
  const streamId = ((await created.json()) as { data: { id: string } }).data.id;
  const invite = await request.post(`${clientUrl()}/api/v1/livestreams/${streamId}/invites`, {
    headers: { Authorization: `Bearer ${host.token}` },
    data: { allowGuests: false },
  });
  expect(invite.status(), await invite.text()).toBe(201);
  const { code } = ((await invite.json()) as { data: { code: string } }).data;

  const page = await (await browser.newContext()).newPage();
  await page.goto(`${clientUrl()}/invites/${code}`);
  await expect(page.getByRole('heading', { name: 'You’re invited to a private livestream' })).toBeVisible();
  await page.getByRole('button', { name: 'Continue as a guest' }).click();
  await expect(page.getByRole('heading', { name: 'This invite needs an account' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveText('This invite is for people with an account: sign up or sign in to use it');
  await page.screenshot({ path: path.join(screenshotsDir, 'invite-accounts-only.png'), fullPage: true });

  // Signing up from there comes back to the invite, which now lets them in.
  await page.getByTestId('invite-page').getByRole('link', { name: 'Sign up' }).click();
  await page.getByLabel('Display name').fill('Gus Joined');
  await page.getByLabel('Email').fill(`${unique('gus')}@example.com`);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(`${clientUrl()}/streams/${streamId}`);
  await expect(page.getByText('You are a viewer as')).toContainText('Gus Joined');
  await page.context().close();
});

test('a revoked invite lets nobody new in', async ({ browser, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: clientUrl() });
  const creator = await context.newPage();
  await signUp(creator, 'Rae Revoker');
  const streamId = await createPrivateStream(creator, unique('Soon revoked'));
  const link = await createInviteLink(creator);

  const first = await otherAccount(browser, 'Early Bird');
  await first.goto(link);
  await expect(first).toHaveURL(`${clientUrl()}/streams/${streamId}`);

  const invite = creator.getByTestId('invite').first();
  await invite.getByRole('button', { name: 'Revoke' }).click();
  await invite.getByRole('button', { name: 'Yes, revoke' }).click();
  await expect(invite).toHaveAttribute('data-state', 'Revoked');
  await expect(invite.getByRole('button', { name: 'Copy link' })).toHaveCount(0);

  const late = await otherAccount(browser, 'Late Comer');
  await late.goto(link);
  await expect(late.getByRole('heading', { name: 'This invite can no longer be used' })).toBeVisible();
  await expect(late.getByRole('alert')).toContainText('This invite was revoked');
  await late.screenshot({ path: path.join(screenshotsDir, 'invite-revoked.png'), fullPage: true });
  await late.goto(`${clientUrl()}/streams/${streamId}`);
  await expect(late.getByRole('alert')).toContainText('No such livestream');
  await first.context().close();
  await late.context().close();
});
