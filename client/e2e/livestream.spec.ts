import { expect, test } from '@playwright/test';
import path from 'node:path';
import { card, chooseName, clientUrl, connectViewer, screenshotsDir, unique } from './graph';

test('a new stream shows LIVE, counts three viewers on its page and on the list live, and ends on both', async ({
  context,
  request,
}) => {
  const list = await context.newPage();
  await chooseName(list, 'Hana Host');

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

  // Its card on the list shows LIVE.
  await list.getByRole('link', { name: 'All livestreams' }).click();
  const streamCard = card(list, streamId);
  await expect(streamCard.getByTestId('status-badge')).toHaveText('LIVE');
  await expect(streamCard.getByTestId('viewer-count')).toHaveAttribute('data-count', '0');
  await expect(list.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');

  // The creator opens it in a second tab and is the host; the emulator has no WebRTC, and the page says so.
  const stream = await context.newPage();
  await stream.goto(`${clientUrl()}/streams/${streamId}`);
  await expect(stream.getByRole('heading', { name: title })).toBeVisible();
  await expect(stream.getByText('Media server unreachable — live status and counts still work.')).toBeVisible();
  await expect(stream.getByRole('button', { name: 'End stream' })).toBeVisible();
  const streamCount = stream.getByTestId('viewer-count');
  await expect(streamCount).toHaveAttribute('data-count', '0');

  // Three viewers connect through LiveKit (the emulator): both pages count them without reloading.
  for (const viewer of ['v1', 'v2', 'v3']) {
    await connectViewer(request, streamId, unique(viewer));
  }
  await expect(streamCount).toHaveAttribute('data-count', '3');
  await expect(streamCard.getByTestId('viewer-count')).toHaveAttribute('data-count', '3');
  await list.screenshot({ path: path.join(screenshotsDir, 'list-live-3-viewers.png'), fullPage: true });
  await stream.screenshot({ path: path.join(screenshotsDir, 'stream-live-3-viewers.png'), fullPage: true });

  // The host ends it: both pages show ENDED, with no spinner left.
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

test('a second tab can be someone else: it joins as a viewer, is counted, and leaves once when closed', async ({
  context,
  request,
}) => {
  const host = await context.newPage();
  await chooseName(host, 'Hana Host');
  const created = await request.post(`${clientUrl()}/api/v1/livestreams`, {
    data: {
      roomName: unique('second-tab'),
      title: 'Second tab',
      createdBy: await host.evaluate(() => (JSON.parse(localStorage.getItem('favorited.identity') ?? '{}') as { id: string }).id),
    },
  });
  expect(created.status()).toBe(201);
  const streamId = ((await created.json()) as { data: { id: string } }).data.id;
  await host.goto(`${clientUrl()}/`);
  const hostCard = card(host, streamId);
  await expect(hostCard.getByTestId('viewer-count')).toHaveAttribute('data-count', '0');

  // Another tab of the same browser becomes someone else (its identity lives in sessionStorage).
  const viewer = await context.newPage();
  await viewer.goto(`${clientUrl()}/`);
  await viewer.getByTestId('identity-name').click();
  await viewer.getByRole('button', { name: 'Be someone else in this tab' }).click();
  await viewer.getByLabel('Display name').fill('Vic Viewer');
  await viewer.getByRole('button', { name: 'Switch' }).click();
  await expect(viewer.getByTestId('identity-name')).toHaveText('Vic Viewer');
  const viewerId = await viewer.evaluate(() => (JSON.parse(sessionStorage.getItem('favorited.tab-identity') ?? '{}') as { id: string }).id);

  const leaves: string[] = [];
  viewer.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith(`/livestreams/${streamId}/leave`)) {
      leaves.push(r.postData() ?? '');
    }
  });
  await card(viewer, streamId).click();
  await expect(viewer.getByText('You are a viewer as')).toBeVisible();
  await expect(viewer.getByRole('button', { name: 'End stream' })).toHaveCount(0);

  // Without WebRTC the development bridge counts the tab as connected, so the host's list sees 1.
  await expect(viewer.getByTestId('viewer-count')).toHaveAttribute('data-count', '1');
  await expect(hostCard.getByTestId('viewer-count')).toHaveAttribute('data-count', '1');

  // Leaving (the button, then the unmount it causes) sends one leave; the count drops on the host's list.
  await viewer.getByRole('button', { name: 'Leave' }).click();
  await expect(viewer).toHaveURL(`${clientUrl()}/`);
  await expect(hostCard.getByTestId('viewer-count')).toHaveAttribute('data-count', '0');
  const participants = await request.get(`${clientUrl()}/api/v1/livestreams/${streamId}/participants?status=JOINED`);
  const joined = ((await participants.json()) as { data: { userId: string }[] }).data.map((p) => p.userId);
  expect(joined).not.toContain(viewerId);
  expect(leaves).toEqual([JSON.stringify({ userId: viewerId })]);

  // Back in, then the tab closes: pagehide leaves.
  await viewer.goBack();
  await expect(viewer.getByTestId('viewer-count')).toHaveAttribute('data-count', '1');
  await expect(hostCard.getByTestId('viewer-count')).toHaveAttribute('data-count', '1');
  await viewer.close({ runBeforeUnload: true });
  await expect(hostCard.getByTestId('viewer-count')).toHaveAttribute('data-count', '0');
});
