import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import path from 'node:path';
import { clientUrl, emulatorUrl, screenshotsDir, signedInUser, signUp, unique } from './graph';
import { SseRecorder } from './sse-recorder';

/** The chat message on `page` with this text. */
const chatMessage = (page: Page, text: string) => page.getByTestId('chat-message').filter({ hasText: text });

/** A row of the people list, by user id. */
const person = (page: Page, userId: string) => page.locator(`[data-testid="participant"][data-user-id="${userId}"]`);

/** A guest who joins through the Api and connects to "LiveKit" (the emulator), as a client without this web app would. */
async function apiGuest(request: APIRequestContext, streamId: string): Promise<{ id: string; token: string; join: () => Promise<number> }> {
  const started = await request.post(`${clientUrl()}/api/v1/auth/guest`, { data: { displayName: 'Troll' } });
  expect(started.status(), await started.text()).toBe(200);
  const { accessToken } = (await started.json()) as { accessToken: string };
  const me = await request.get(`${clientUrl()}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${accessToken}` } });
  const { id } = ((await me.json()) as { data: { id: string } }).data;
  const join = async () => {
    const joined = await request.post(`${clientUrl()}/api/v1/livestreams/${streamId}/join`, {
      headers: { Authorization: `Bearer ${accessToken}` },
      data: { role: 'VIEWER' },
    });
    if (joined.status() === 200) {
      const { data } = (await joined.json()) as { data: { token: string } };
      const connect = await request.post(`${emulatorUrl()}/_emulator/connect`, { data: { token: data.token } });
      expect(connect.status(), await connect.text()).toBe(200);
    }
    return joined.status();
  };
  return { id, token: accessToken, join };
}

/** The chat's text box. */
const chatBox = (page: Page) => page.getByRole('textbox', { name: 'Message', exact: true });

/** Writes in the chat box and sends with Enter. */
async function say(page: Page, text: string): Promise<void> {
  const box = chatBox(page);
  await expect(box).toBeEnabled();
  await box.fill(text);
  await box.press('Enter');
  await expect(box).toHaveValue('');
}

// Four identities in three browsers and a raw event stream: longer than the default two minutes on a busy machine.
test.setTimeout(300_000);

test('live interaction: two people chat, the host removes a guest, brings a viewer on stage from the hand queue and edits the stream, all seen live by a watcher who never joins', async ({
  browser,
  context,
  request,
}) => {
  // The host signs up and starts a stream through the form.
  const host = await context.newPage();
  await signUp(host, 'Hana Host');
  const hostUser = await signedInUser(host);
  await host.getByRole('link', { name: 'New livestream' }).click();
  const title = unique('Town hall');
  await host.getByLabel('Title').fill(title);
  await host.getByLabel('Room name').fill(unique('town-hall'));
  await host.getByRole('button', { name: 'Go live' }).click();
  await expect(host).toHaveURL(/\/streams\/[0-9a-f-]{36}$/);
  const streamId = host.url().split('/').pop() ?? '';
  const streamUrl = `${clientUrl()}/streams/${streamId}`;
  await expect(host.getByText('You are the host as')).toBeVisible();

  // A watcher through SSE alone (no browser), and one in a browser that never joins (not signed in).
  const sse = await SseRecorder.open(`${clientUrl()}/api/v1/livestreams/${streamId}/events`);
  const watcherContext = await browser.newContext();
  const watcher = await watcherContext.newPage();
  await watcher.goto(streamUrl);
  await expect(watcher.getByTestId('join-prompt')).toBeVisible();
  await expect(watcher.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');

  // A viewer with an account, and a guest.
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await signUp(viewer, 'Vera Viewer');
  const viewerUser = await signedInUser(viewer);
  await viewer.goto(streamUrl);
  await expect(viewer.getByText('You are a viewer as')).toBeVisible();
  // Without WebRTC the development bridge connects the tab to the emulator's room, where the stage invitation finds it.
  await expect(viewer.getByText('this tab is counted as connected through the LiveKit emulator')).toBeVisible();

  const guestContext = await browser.newContext();
  const guest = await guestContext.newPage();
  await guest.goto(streamUrl);
  await guest.getByRole('button', { name: 'Join as a guest' }).click();
  await expect(guest.getByText('You are a viewer as')).toBeVisible();
  const guestUser = await signedInUser(guest);

  try {
    // Chat between two identities: each sees the other's message live, and so do the watchers.
    await say(host, 'Welcome, everyone!');
    await expect(chatMessage(viewer, 'Welcome, everyone!')).toContainText('Hana Host');
    await say(viewer, 'Thanks for having us');
    await expect(chatMessage(host, 'Thanks for having us')).toContainText('Vera Viewer');
    await expect(chatMessage(watcher, 'Thanks for having us')).toBeVisible();
    await expect(chatMessage(guest, 'Welcome, everyone!')).toBeVisible();
    await sse.waitFor('chat_message', (data) => data.text === 'Thanks for having us' && data.userId === viewerUser.id);
    // The watcher may read but not write.
    await expect(watcher.getByTestId('chat-blocked')).toHaveText('Join the livestream to chat.');
    await host.screenshot({ path: path.join(screenshotsDir, 'interaction-chat-host.png'), fullPage: true });

    // The host removes the guest, saying why: the guest's page says so and their session ends.
    const guestRow = person(host, guestUser.id);
    await expect(guestRow).toBeVisible();
    await guestRow.getByRole('button', { name: 'Remove' }).click();
    await host.getByRole('form', { name: `Remove ${guestUser.displayName}` }).getByLabel(/Reason/).fill('Please keep it friendly');
    await host.getByRole('button', { name: `Remove ${guestUser.displayName}` }).click();
    await expect(guest.getByTestId('removal-notice')).toContainText('The host removed you from this livestream.');
    await expect(guest.getByTestId('removal-reason')).toHaveText('Reason: Please keep it friendly');
    await expect(chatBox(guest)).toBeDisabled();
    await expect(person(host, guestUser.id)).toHaveCount(0);
    await expect(person(watcher, guestUser.id)).toHaveCount(0);
    await sse.waitFor('participant_removed', (data) => data.userId === guestUser.id && data.reason === 'Please keep it friendly');
    await guest.screenshot({ path: path.join(screenshotsDir, 'interaction-removed.png'), fullPage: true });

    // A guest who joined without the web app is banned for an hour: everyone hears of it, and their next join is refused.
    const troll = await apiGuest(request, streamId);
    expect(await troll.join()).toBe(200);
    const trollRow = person(host, troll.id);
    await expect(trollRow).toContainText('Troll');
    await trollRow.getByRole('button', { name: 'Ban' }).click();
    const banForm = host.getByRole('form', { name: 'Ban Troll' });
    await banForm.getByLabel(/Reason/).fill('Spam');
    await banForm.getByLabel('For').selectOption({ label: '1 hour' });
    await banForm.getByRole('button', { name: 'Ban Troll' }).click();
    await expect(person(host, troll.id)).toHaveCount(0);
    await expect(person(watcher, troll.id)).toHaveCount(0);
    await sse.waitFor('participant_banned', (data) => data.userId === troll.id && data.reason === 'Spam' && typeof data.until === 'string');
    expect(await troll.join()).toBe(403);
    await host.getByText('Bans', { exact: true }).click();
    await expect(host.locator(`[data-testid="ban"][data-user-id="${troll.id}"]`)).toContainText('Troll');

    // The viewer raises a hand; the host sees it in the queue and invites them on stage.
    await viewer.getByRole('button', { name: 'Raise hand' }).click();
    await expect(viewer.getByRole('button', { name: 'Lower hand' })).toBeVisible();
    const hand = host.locator(`[data-testid="raised-hand"][data-user-id="${viewerUser.id}"]`);
    await expect(hand).toContainText('Vera Viewer');
    await sse.waitFor('hand_raised', (data) => data.userId === viewerUser.id);
    await hand.getByRole('button', { name: 'Invite' }).click();
    await expect(viewer.getByText('You are on stage')).toBeVisible();
    await expect(viewer.getByRole('button', { name: 'Leave stage' })).toBeVisible();
    await expect(person(watcher, viewerUser.id)).toHaveAttribute('data-on-stage', 'true');
    await expect(person(watcher, viewerUser.id)).toContainText('on stage');
    await expect(person(host, viewerUser.id).getByRole('button', { name: 'Step down' })).toBeVisible();
    await expect(host.getByTestId('hand-queue')).toContainText('No hands raised.');
    await sse.waitFor('stage_changed', (data) => data.userId === viewerUser.id && data.onStage === true && data.by === hostUser.id);
    await viewer.screenshot({ path: path.join(screenshotsDir, 'interaction-on-stage.png'), fullPage: true });

    // The host's log has both actions.
    await host.getByText('Moderation log').click();
    await expect(host.getByTestId('moderation-action').filter({ hasText: 'Please keep it friendly' })).toHaveAttribute('data-action', 'REMOVE');
    await expect(host.getByTestId('moderation-action').and(host.locator('[data-action="STAGE_INVITE"]'))).toContainText('Vera Viewer');

    // The host edits the title: the watcher's page shows it without reloading.
    const newTitle = `${title} (Q&A)`;
    await host.getByText('Edit livestream').click();
    const edit = host.getByRole('form', { name: 'Edit livestream' });
    await edit.getByLabel('Title').fill(newTitle);
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect(edit.getByText('Saved.')).toBeVisible();
    await expect(host.getByRole('heading', { name: newTitle })).toBeVisible();
    await expect(watcher.getByRole('heading', { name: newTitle })).toBeVisible();
    await expect(viewer.getByRole('heading', { name: newTitle })).toBeVisible();
    await sse.waitFor('stream_updated', (data) => data.id === streamId && data.title === newTitle);
    await watcher.screenshot({ path: path.join(screenshotsDir, 'interaction-watcher.png'), fullPage: true });
  } finally {
    sse.close();
    await Promise.all([watcherContext.close(), viewerContext.close(), guestContext.close()]);
  }
});
