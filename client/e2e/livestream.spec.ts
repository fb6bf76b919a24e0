import { expect, test } from '@playwright/test';
import path from 'node:path';
import {
  apiAccount,
  apiCreateStream,
  card,
  clientUrl,
  connectViewer,
  screenshotsDir,
  signedInUser,
  signUp,
  unique,
} from './graph';

test('an account signs up, creates a stream and hosts it: LIVE, three viewers counted on its page and on the list live, then its creator ends it on both', async ({
  context,
  request,
}) => {
  const list = await context.newPage();
  await signUp(list, 'Hana Host');
  await list.screenshot({ path: path.join(screenshotsDir, 'signed-up.png'), fullPage: true });
  const host = await signedInUser(list);
  expect(host.kind).toBe('Account');

  // Create: the form checks the limits first, then the Api creates the room; the app opens the stream.
  await list.getByRole('link', { name: 'New livestream' }).click();
  await list.getByRole('button', { name: 'Go live' }).click();
  await expect(list.getByText('Title is required')).toBeVisible();
  const title = unique('Launch party');
  await list.getByLabel('Title').fill(title);
  await list.getByLabel('Room name').fill(unique('Launch Party'));
  await list.getByRole('button', { name: 'Go live' }).click();
  await expect(list).toHaveURL(/\/streams\/[0-9a-f-]{36}$/);
  const streamId = list.url().split('/').pop() ?? '';

  // Its card on the list shows LIVE, and that it is this account's.
  await list.getByRole('link', { name: 'All livestreams' }).click();
  const streamCard = card(list, streamId);
  await expect(streamCard.getByTestId('status-badge')).toHaveText('LIVE');
  await expect(streamCard).toContainText('Hana Host (you)');
  await expect(streamCard.getByTestId('viewer-count')).toHaveAttribute('data-count', '0');
  await expect(list.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');

  // A second tab shares the session (the refresh token in localStorage): the creator is the host there. The emulator
  // has no WebRTC, and the page says so.
  const stream = await context.newPage();
  await stream.goto(`${clientUrl()}/streams/${streamId}`);
  await expect(stream.getByRole('heading', { name: title })).toBeVisible();
  await expect(stream.getByText('You are the host as')).toBeVisible();
  await expect(stream.getByText('Media server unreachable — live status and counts still work.')).toBeVisible();
  await expect(stream.getByRole('button', { name: 'End stream' })).toBeVisible();
  const hosts = await request.get(`${clientUrl()}/api/v1/livestreams/${streamId}/participants?status=JOINED&role=HOST`);
  expect(((await hosts.json()) as { data: { userId: string; displayName: string }[] }).data).toEqual([
    expect.objectContaining({ userId: host.id, displayName: 'Hana Host' }),
  ]);
  const streamCount = stream.getByTestId('viewer-count');
  await expect(streamCount).toHaveAttribute('data-count', '0');

  // Three viewers (guests) connect through LiveKit (the emulator): both pages count them without reloading.
  for (let i = 0; i < 3; i++) {
    await connectViewer(request, streamId);
  }
  await expect(streamCount).toHaveAttribute('data-count', '3');
  await expect(streamCard.getByTestId('viewer-count')).toHaveAttribute('data-count', '3');
  await list.screenshot({ path: path.join(screenshotsDir, 'list-live-3-viewers.png'), fullPage: true });
  await stream.screenshot({ path: path.join(screenshotsDir, 'stream-live-3-viewers.png'), fullPage: true });

  // The creator ends it: both pages show ENDED, with no spinner left.
  await stream.getByRole('button', { name: 'End stream' }).click();
  await stream.getByRole('button', { name: 'Yes, end stream' }).click();
  await expect(stream.getByTestId('stream-ended')).toBeVisible();
  await expect(stream.getByTestId('status-badge')).toHaveText('ENDED');
  await expect(stream.getByRole('button', { name: 'End stream' })).toHaveCount(0);
  await expect(streamCard.getByTestId('status-badge')).toHaveText('ENDED');
  await expect(list.getByRole('status').filter({ hasText: 'Loading' })).toHaveCount(0);
  await list.screenshot({ path: path.join(screenshotsDir, 'list-ended.png'), fullPage: true });
  await stream.screenshot({ path: path.join(screenshotsDir, 'stream-ended.png'), fullPage: true });
});

test('someone in another browser watches as a guest: joins as a viewer, is counted, leaves once when closed, and cannot create', async ({
  browser,
  context,
  request,
}) => {
  const host = await apiAccount(request, 'Hana Host');
  const streamId = await apiCreateStream(request, host, 'Guest night');
  // The host's list, not signed in: reads need no token.
  const hostList = await context.newPage();
  await hostList.goto(`${clientUrl()}/`);
  await expect(hostList.getByRole('heading', { name: 'Welcome to Favorited' })).toBeVisible();
  const hostCard = card(hostList, streamId);
  await expect(hostCard.getByTestId('viewer-count')).toHaveAttribute('data-count', '0');

  // Another browser (its own storage): nobody is signed in, so the stream page offers to join as a guest.
  const guestContext = await browser.newContext();
  const viewer = await guestContext.newPage();
  await viewer.goto(`${clientUrl()}/`);
  await card(viewer, streamId).click();
  await expect(viewer.getByTestId('join-prompt')).toBeVisible();
  await viewer.screenshot({ path: path.join(screenshotsDir, 'guest-join-prompt.png'), fullPage: true });

  const leaves: { body: string | null; authorization: string | undefined }[] = [];
  viewer.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith(`/livestreams/${streamId}/leave`)) {
      leaves.push({ body: r.postData(), authorization: r.headers().authorization });
    }
  });
  await viewer.getByRole('button', { name: 'Join as a guest' }).click();
  await expect(viewer.getByTestId('account-name')).toHaveText(/^Guest /);
  await expect(viewer.locator('.identity-button .tag')).toHaveText('guest');
  await expect(viewer.getByText('You are a viewer as')).toBeVisible();
  await expect(viewer.getByText('Hosted by Hana Host')).toBeVisible();
  await expect(viewer.getByRole('button', { name: 'End stream' })).toHaveCount(0);
  const guest = await signedInUser(viewer);
  expect(guest.id).toMatch(/^guest:/);

  // Without WebRTC the development bridge counts the tab as connected, so the host's list sees 1.
  await expect(viewer.getByTestId('viewer-count')).toHaveAttribute('data-count', '1');
  await expect(hostCard.getByTestId('viewer-count')).toHaveAttribute('data-count', '1');
  await viewer.screenshot({ path: path.join(screenshotsDir, 'guest-watching.png'), fullPage: true });

  // Leaving (the button, then the unmount it causes) sends one leave, as the guest; the count drops on the host's list.
  await viewer.getByRole('button', { name: 'Leave' }).click();
  await expect(viewer).toHaveURL(`${clientUrl()}/`);
  await expect(hostCard.getByTestId('viewer-count')).toHaveAttribute('data-count', '0');
  const participants = await request.get(`${clientUrl()}/api/v1/livestreams/${streamId}/participants?status=JOINED`);
  const joined = ((await participants.json()) as { data: { userId: string }[] }).data.map((p) => p.userId);
  expect(joined).not.toContain(guest.id);
  expect(leaves).toHaveLength(1);
  expect(leaves[0]?.authorization).toMatch(/^Bearer /);

  // Back in (the same guest), then the tab closes: pagehide leaves.
  await viewer.goBack();
  await expect(viewer.getByTestId('viewer-count')).toHaveAttribute('data-count', '1');
  await expect(hostCard.getByTestId('viewer-count')).toHaveAttribute('data-count', '1');
  expect((await signedInUser(viewer)).id).toBe(guest.id);
  await viewer.close({ runBeforeUnload: true });
  await expect(hostCard.getByTestId('viewer-count')).toHaveAttribute('data-count', '0');

  // A guest cannot create: the page asks them to sign up or in instead of showing the form.
  const create = await guestContext.newPage();
  await create.goto(`${clientUrl()}/`);
  await create.getByRole('link', { name: 'New livestream' }).click();
  await expect(create.getByTestId('account-required')).toContainText('You are watching as a guest');
  await expect(create.getByLabel('Title')).toHaveCount(0);
  await expect(create.getByTestId('account-required').getByRole('link', { name: 'Sign up' })).toHaveAttribute('href', '/sign-up?next=%2Fnew');
  await create.screenshot({ path: path.join(screenshotsDir, 'guest-create-prompt.png'), fullPage: true });
  await guestContext.close();
});
