import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { giveElementsHeight, renderWithAnnouncements } from '@/testing/announcements';
import { ada, bob, error, FakeAuthApi } from '@/testing/fake-auth-api';
import { FakeStreamApi } from '@/testing/fake-stream-api';
import { resetSession, signInAs } from '@/testing/session';
import { livestream } from '@/testing/test-utils';
import type { ChatMessage } from '@/types/api';
import { chatKeys } from '../api/chat';
import { ChatPanel, type ChatPanelProps } from './chat-panel';

const stream = livestream({ createdBy: ada.id });

describe('ChatPanel', () => {
  let api: FakeAuthApi;
  let streamApi: FakeStreamApi;
  let undoHeight: () => void;

  beforeEach(() => {
    api = new FakeAuthApi();
    streamApi = new FakeStreamApi(api, stream);
    api.route = streamApi.route;
    vi.stubGlobal('fetch', api.fetch);
    undoHeight = giveElementsHeight();
  });
  afterEach(async () => {
    undoHeight();
    await resetSession();
    vi.unstubAllGlobals();
  });

  const props: ChatPanelProps = { streamId: stream.id, isHost: false, joined: true, isGuest: false, banned: false, ended: false };
  const open = (overrides: Partial<ChatPanelProps> = {}) => renderWithAnnouncements(<ChatPanel {...props} {...overrides} />);
  const shownTexts = () => screen.queryAllByTestId('chat-message').map((row) => row.querySelector('.chat-text')?.textContent);
  const live = (id: number, text: string, from = bob): ChatMessage => ({
    id,
    streamId: stream.id,
    userId: from.id,
    displayName: from.displayName,
    text,
    createdAt: '2026-01-01T10:06:00.000Z',
  });

  it('loads the history on open and adds live messages once, even those the history already has', async () => {
    streamApi.addMessage(ada, 'Welcome!');
    streamApi.addMessage(bob, 'Hi Ada');
    const { announce } = open();
    await vi.waitFor(() => expect(shownTexts()).toEqual(['Welcome!', 'Hi Ada']));
    expect(api.calls.some((call) => call.path === `/livestreams/${stream.id}/chat?limit=50`)).toBe(true);

    announce({ type: 'chat_message', id: 12, data: { ...live(2, 'Hi Ada') } });
    announce({ type: 'chat_message', id: 13, data: live(3, 'How is everyone?') });
    announce({ type: 'chat_message', id: 13, data: live(3, 'How is everyone?') });
    expect(shownTexts()).toEqual(['Welcome!', 'Hi Ada', 'How is everyone?']);
  });

  it('removes a message when it is deleted, and reloads the history on resync', async () => {
    streamApi.addMessage(ada, 'one');
    streamApi.addMessage(bob, 'two');
    const { announce } = open();
    await vi.waitFor(() => expect(shownTexts()).toEqual(['one', 'two']));
    announce({ type: 'chat_message_deleted', id: 20, data: { id: 1, deletedBy: ada.id } });
    expect(shownTexts()).toEqual(['two']);

    // Missed while away: a new message, and the other one deleted.
    streamApi.messages = [];
    streamApi.addMessage(bob, 'two');
    streamApi.messages = streamApi.messages.map((m) => ({ ...m, id: 3, text: 'three' }));
    announce({ type: 'resync', id: 0, data: null });
    await vi.waitFor(() => expect(shownTexts()).toEqual(['three']));
  });

  it('pages older messages in with `before`', async () => {
    for (let i = 1; i <= 60; i++) {
      streamApi.addMessage(bob, `message ${i}`);
    }
    const { user } = open();
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Load older messages' })).toBeTruthy());
    await user.click(screen.getByRole('button', { name: 'Load older messages' }));
    await vi.waitFor(() => expect(api.calls.some((call) => call.path.endsWith('/chat?limit=50&before=11'))).toBe(true));
    await vi.waitFor(() => expect(screen.queryByRole('button', { name: 'Load older messages' })).toBeNull());
    // Virtualised: only the rows in view (and a few more) are in the DOM, not all 60.
    expect(screen.getAllByTestId('chat-message').length).toBeLessThan(40);
    // Older ones came in above, the place kept at the one that was first: message 11 and those before it are there.
    await vi.waitFor(() => expect(screen.getByTestId('chat-scroll').querySelector('[data-message-id="10"]')).not.toBeNull());
  });

  it('asks for older messages when scrolled to the top', async () => {
    for (let i = 1; i <= 55; i++) {
      streamApi.addMessage(bob, `message ${i}`);
    }
    open();
    const scroller = await screen.findByTestId('chat-scroll');
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Load older messages' })).toBeTruthy());
    scroller.scrollTop = 0;
    scroller.dispatchEvent(new Event('scroll'));
    await vi.waitFor(() => expect(api.calls.some((call) => call.path.endsWith('before=6'))).toBe(true));
  });

  it('posts a message as the signed-in person and shows it once, when its event comes too', async () => {
    await signInAs(api, bob);
    const { user, announce } = open();
    await screen.findByText('No messages yet.');
    await user.type(screen.getByLabelText('Message'), '  Hello there  {Enter}');
    await vi.waitFor(() => expect(shownTexts()).toEqual(['Hello there']));
    const post = api.calls.find((call) => call.method === 'POST' && call.path.endsWith('/chat'));
    expect(post?.body).toEqual({ text: 'Hello there' });
    expect(api.userOf(post?.token)).toEqual(bob);
    expect(screen.getByLabelText<HTMLTextAreaElement>('Message').value).toBe('');

    const [posted] = streamApi.messages;
    expect(posted).toBeDefined();
    announce({ type: 'chat_message', id: 30, data: posted as ChatMessage });
    expect(shownTexts()).toEqual(['Hello there']);
  });

  it('refuses an empty message without sending it, and shows the Api’s refusals: too fast, too long', async () => {
    await signInAs(api, bob);
    const { user } = open();
    await screen.findByText('No messages yet.');
    await user.type(screen.getByLabelText('Message'), '   {Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe('Write a message first');
    expect(api.calls.some((call) => call.path.endsWith('/chat'))).toBe(false);

    streamApi.refuse.set('POST /chat', error(429, 'RateLimitError', 'Too many messages: wait 4 seconds'));
    await user.type(screen.getByLabelText('Message'), 'spam{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe('Slow down: Too many messages: wait 4 seconds');

    streamApi.refuse.set('POST /chat', error(400, 'ValidationError', 'text must be at most 500 characters'));
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect((await screen.findByRole('alert')).textContent).toBe('text must be at most 500 characters');
  });

  it('disables the box with the reason: not joined, banned, guests not allowed, chat off', async () => {
    const first = open({ joined: false });
    expect((await screen.findByTestId('chat-blocked')).textContent).toBe('Join the livestream to chat.');
    expect(screen.getByLabelText<HTMLTextAreaElement>('Message').disabled).toBe(true);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Send' }).disabled).toBe(true);
    first.unmount();

    const banned = open({ banned: true });
    expect((await screen.findByTestId('chat-blocked')).textContent).toMatch(/banned/);
    banned.unmount();

    streamApi.settings = { enabled: true, guestsMayChat: false };
    const guest = open({ isGuest: true });
    expect((await screen.findByTestId('chat-blocked')).textContent).toBe('The host lets only accounts chat: sign in to take part.');
    guest.unmount();

    streamApi.settings = { enabled: false, guestsMayChat: true };
    open();
    expect((await screen.findByTestId('chat-blocked')).textContent).toBe('The host turned chat off.');
  });

  it('follows chat_settings: chat off, then guests not allowed', async () => {
    const { announce, queryClient } = open({ isGuest: true });
    await screen.findByText('No messages yet.');
    await vi.waitFor(() => expect(queryClient.getQueryData(chatKeys.settings(stream.id))).toBeDefined());
    expect(screen.queryByTestId('chat-blocked')).toBeNull();
    announce({ type: 'chat_settings', id: 40, data: { enabled: false, guestsMayChat: true } });
    expect((await screen.findByTestId('chat-blocked')).textContent).toBe('The host turned chat off.');
    expect(screen.getByTestId('chat-status').textContent).toBe('chat off');
    announce({ type: 'chat_settings', id: 41, data: { enabled: true, guestsMayChat: false } });
    await vi.waitFor(() => expect(screen.getByTestId('chat-blocked').textContent).toMatch(/only accounts/));
    expect(screen.getByTestId('chat-status').textContent).toBe('accounts only');
  });

  it('keeps a chat_settings that arrives while the settings are still being read', async () => {
    const { announce } = open();
    announce({ type: 'chat_settings', id: 42, data: { enabled: false, guestsMayChat: true } });
    expect((await screen.findByTestId('chat-blocked')).textContent).toBe('The host turned chat off.');
    await screen.findByText('No messages yet.');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.getByTestId('chat-blocked').textContent).toBe('The host turned chat off.');
  });

  it('gives the host a delete button per message and switches for chat and guests', async () => {
    await signInAs(api, ada);
    streamApi.addMessage(bob, 'rude words');
    streamApi.addMessage(bob, 'kind words');
    const { user } = open({ isHost: true });
    await vi.waitFor(() => expect(shownTexts()).toEqual(['rude words', 'kind words']));
    const [rude] = screen.getAllByTestId('chat-message');
    await user.click(within(rude as HTMLElement).getByRole('button', { name: `Delete message from ${bob.displayName}` }));
    await vi.waitFor(() => expect(shownTexts()).toEqual(['kind words']));
    const deletion = api.calls.find((call) => call.method === 'DELETE');
    expect(deletion?.path).toBe(`/livestreams/${stream.id}/chat/1`);
    expect(api.userOf(deletion?.token)).toEqual(ada);

    await user.click(screen.getByRole('button', { name: 'Turn chat off' }));
    await screen.findByRole('button', { name: 'Turn chat on' });
    expect(api.calls.find((call) => call.method === 'PUT')?.body).toEqual({ enabled: false, guestsMayChat: true });
    await user.click(screen.getByRole('checkbox', { name: 'Guests may chat' }));
    await vi.waitFor(() => expect(streamApi.settings).toEqual({ enabled: false, guestsMayChat: false }));
  });

  it('shows no delete buttons or switches to anyone else', async () => {
    streamApi.addMessage(bob, 'hello');
    open();
    await vi.waitFor(() => expect(shownTexts()).toEqual(['hello']));
    expect(screen.queryByRole('button', { name: /Delete message/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /Turn chat/ })).toBeNull();
  });
});
