import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '@/lib/session';
import { ada, bob, error, FakeAuthApi, type RecordedCall } from '@/testing/fake-auth-api';
import { FakeEventSource } from '@/testing/fake-event-source';
import { FakeStreamApi } from '@/testing/fake-stream-api';
import { resetSession, signInAs } from '@/testing/session';
import { jsonResponse, livestream, renderPage, streamState } from '@/testing/test-utils';
import { StreamPage } from './stream-page';

// LiveKit's player is not what these tests are about (and needs WebRTC).
vi.mock('./stream-media', () => ({ default: () => <p>media</p> }));

const publicStream = livestream({ createdBy: ada.id, metadata: { hostDisplayName: 'Ada' } });
let stream = publicStream;

describe('StreamPage', () => {
  let api: FakeAuthApi;
  let streamApi: FakeStreamApi;
  const joins = () => api.calls.filter((call) => call.path.endsWith('/join'));

  beforeEach(() => {
    stream = publicStream;
    FakeEventSource.reset();
    vi.stubGlobal('EventSource', FakeEventSource);
    api = new FakeAuthApi();
    api.addAccount(bob);
    streamApi = new FakeStreamApi(api, stream);
    api.route = (call: RecordedCall) => streamApi.route(call) ?? jsonResponse(200, { success: true, message: 'ok' });
    vi.stubGlobal('fetch', api.fetch);
  });
  afterEach(async () => {
    // Unmounting leaves a tick later: let that happen while fetch is still this test's.
    cleanup();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await resetSession();
    vi.unstubAllGlobals();
  });

  const open = () => renderPage(<StreamPage />, { route: `/streams/${stream.id}`, path: '/streams/:id' });

  it('asks someone not signed in to join, then joins as a guest viewer with the guest’s token', async () => {
    const { user } = open();
    await screen.findByTestId('join-prompt');
    expect(joins()).toHaveLength(0);
    expect(screen.queryByRole('button', { name: 'Leave' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe(`/sign-in?next=%2Fstreams%2F${stream.id}`);

    await user.click(screen.getByRole('button', { name: 'Join as a guest' }));
    await screen.findByText('media');
    expect(joins()).toHaveLength(1);
    expect(joins()[0]?.body).toEqual({ role: 'VIEWER' });
    expect(api.userOf(joins()[0]?.token)?.kind).toBe('Guest');
    expect(screen.getByRole('button', { name: 'Leave' })).toBeTruthy();
    expect(screen.getByText(/You are a viewer as/).textContent).toMatch(/Guest 0001 \(guest\)/);
    expect(screen.queryByRole('button', { name: 'End stream' })).toBeNull();
  });

  it('makes the creator’s account (its id from /auth/me) the host, with the end button', async () => {
    await signInAs(api, ada);
    open();
    await screen.findByText('media');
    expect(joins()[0]?.body).toEqual({ role: 'HOST' });
    expect(screen.getByRole('button', { name: 'End stream' })).toBeTruthy();
    expect(screen.getByText(/Hosted by/).textContent).toContain('(you)');
  });

  it('ends the stream with the creator’s token and no body', async () => {
    await signInAs(api, ada);
    const { user } = open();
    await screen.findByText('media');
    await user.click(screen.getByRole('button', { name: 'End stream' }));
    await user.click(screen.getByRole('button', { name: 'Yes, end stream' }));
    await vi.waitFor(() => expect(api.calls.some((call) => call.method === 'DELETE')).toBe(true));
    const end = api.calls.find((call) => call.method === 'DELETE');
    expect(end).toMatchObject({ path: `/livestreams/${stream.id}`, body: undefined });
    expect(api.userOf(end?.token)).toEqual(ada);
  });

  it('lets another account watch, not host', async () => {
    await signInAs(api, bob);
    open();
    await screen.findByText('media');
    expect(joins()[0]?.body).toEqual({ role: 'VIEWER' });
    expect(api.userOf(joins()[0]?.token)).toEqual(bob);
    expect(screen.queryByRole('button', { name: 'End stream' })).toBeNull();
  });

  it('leaves when the viewer signs out, and offers to join again', async () => {
    await signInAs(api, bob);
    open();
    await screen.findByText('media');
    await session.signOut();
    await screen.findByTestId('join-prompt');
    await vi.waitFor(() => expect(api.calls.filter((call) => call.path.endsWith('/leave'))).toHaveLength(1));
    expect(api.userOf(api.calls.find((call) => call.path.endsWith('/leave'))?.token)).toEqual(bob);
  });

  it('marks a private stream, gives its creator the invite panel, and reads it and its events with the token', async () => {
    stream = streamApi.stream = livestream({ createdBy: ada.id, visibility: 'PRIVATE', metadata: { hostDisplayName: 'Ada' } });
    await signInAs(api, ada);
    open();
    await screen.findByText('media');
    expect(screen.getByTestId('private-badge')).toBeTruthy();
    expect(await screen.findByTestId('invite-panel')).toBeTruthy();
    expect(await screen.findByText('No invites yet.')).toBeTruthy();
    const read = api.calls.find((call) => call.method === 'GET' && call.path === `/livestreams/${stream.id}`);
    expect(api.userOf(read?.token)).toEqual(ada);
    expect(FakeEventSource.latest().url).toBe(`/api/v1/livestreams/${stream.id}/events?access_token=${read?.token ?? ''}`);
  });

  it('lets someone invited watch a private stream, without the invite panel', async () => {
    stream = streamApi.stream = livestream({ createdBy: ada.id, visibility: 'PRIVATE', metadata: { hostDisplayName: 'Ada' } });
    await signInAs(api, bob);
    open();
    await screen.findByText('media');
    expect(screen.getByTestId('private-badge')).toBeTruthy();
    expect(screen.queryByTestId('invite-panel')).toBeNull();
    expect(FakeEventSource.latest().url).toContain('access_token=');
  });

  it('gives the creator of a live stream the analytics link and a live audience chart that follows the live counts', async () => {
    await signInAs(api, ada);
    open();
    const chart = await screen.findByTestId('live-audience-chart');
    expect(screen.getByRole('link', { name: 'Analytics' }).getAttribute('href')).toBe(`/streams/${stream.id}/analytics`);
    expect(chart.getAttribute('data-viewers')).toBe('0');
    act(() => FakeEventSource.latest().emit('viewer_count_update', streamState({ participants: [ada.id, bob.id], viewerCount: 1 }), 5));
    expect(chart.getAttribute('data-viewers')).toBe('1');
    expect(chart.getAttribute('data-hosts')).toBe('1');
    const read = api.calls.find((call) => call.path.startsWith(`/livestreams/${stream.id}/analytics`));
    expect(read?.path).toBe(`/livestreams/${stream.id}/analytics?resolution=10`);
    expect(api.userOf(read?.token)).toEqual(ada);
  });

  it('gives a viewer neither the analytics link nor the chart', async () => {
    await signInAs(api, bob);
    open();
    await screen.findByText('media');
    expect(screen.queryByRole('link', { name: 'Analytics' })).toBeNull();
    expect(screen.queryByTestId('live-audience-chart')).toBeNull();
    expect(api.calls.some((call) => call.path.includes('/analytics'))).toBe(false);
  });

  it('says a stream it cannot see may be private, and offers to sign in', async () => {
    api.route = () => jsonResponse(404, { success: false, error: 'NotFoundError', message: 'Livestream not found' });
    open();
    expect((await screen.findByRole('alert')).textContent).toMatch(/No such livestream.*private/);
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe(`/sign-in?next=%2Fstreams%2F${stream.id}`);
  });

  describe('live interaction', () => {
    const emit = (type: string, data: unknown, id: number) => act(() => FakeEventSource.latest().emit(type, data, id));

    it('tells a viewer the host removed them, with the reason, and ends their session', async () => {
      await signInAs(api, bob);
      open();
      await screen.findByText('media');
      await screen.findByTestId('chat-panel');
      emit('participant_removed', { userId: 'someone-else', reason: 'nope', by: ada.id }, 10);
      expect(screen.queryByTestId('removal-notice')).toBeNull();
      emit('participant_removed', { userId: bob.id, reason: 'Off-topic', by: ada.id }, 11);
      const notice = await screen.findByTestId('removal-notice');
      expect(notice.textContent).toMatch(/The host removed you from this livestream\./);
      expect(screen.getByTestId('removal-reason').textContent).toBe('Reason: Off-topic');
      expect(screen.queryByText('media')).toBeNull();
      expect(screen.queryByRole('button', { name: 'Leave' })).toBeNull();
      expect(screen.queryByTestId('stage-controls')).toBeNull();
      expect(screen.getByTestId('chat-blocked').textContent).toBe('Join the livestream to chat.');
      await vi.waitFor(() => expect(api.calls.filter((call) => call.path.endsWith('/leave'))).toHaveLength(1));
    });

    it('tells a banned viewer until when, and a banned user’s join says why without offering to try again', async () => {
      await signInAs(api, bob);
      open();
      await screen.findByText('media');
      emit('participant_banned', { userId: bob.id, reason: null, until: '2030-05-01T12:00:00.000Z' }, 12);
      expect((await screen.findByTestId('removal-notice')).textContent).toMatch(/The host banned you from this livestream\./);
      expect(screen.getByTestId('removal-reason').textContent).toBe('No reason was given.');
      expect(screen.getByTestId('ban-until').textContent).toMatch(/You may come back after .*2030/);
      expect(screen.getByTestId('chat-blocked').textContent).toMatch(/banned/);
      cleanup();

      streamApi.banned.add(bob.id);
      open();
      const refused = await screen.findByTestId('join-refused');
      expect(refused.textContent).toMatch(/You are banned from this livestream/);
      expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
      expect(screen.getByTestId('chat-blocked').textContent).toMatch(/banned/);
    });

    it('brings a viewer on stage live: their page says so and lets them raise a hand before and leave after', async () => {
      await signInAs(api, bob);
      streamApi.addParticipant(ada, 'HOST');
      open();
      await screen.findByText('media');
      expect(await screen.findByRole('button', { name: 'Raise hand' })).toBeTruthy();
      streamApi.participants = streamApi.participants.map((p) => (p.userId === bob.id ? { ...p, role: 'HOST' } : p));
      emit('stage_changed', { userId: bob.id, displayName: 'Bob', onStage: true, by: ada.id }, 13);
      expect(await screen.findByText(/You are on stage/)).toBeTruthy();
      expect(screen.getByRole('button', { name: 'Leave stage' })).toBeTruthy();
      const bobRow = screen.getAllByTestId('participant').find((row) => row.dataset.userId === bob.id);
      expect(bobRow?.dataset.onStage).toBe('true');
    });

    it('gives the creator the hand queue, the moderation log and the edit form; not a viewer', async () => {
      await signInAs(api, ada);
      open();
      await screen.findByText('media');
      expect(await screen.findByTestId('hand-queue')).toBeTruthy();
      expect(screen.getByTestId('moderation-log')).toBeTruthy();
      expect(screen.getByTestId('edit-panel')).toBeTruthy();
      expect(screen.queryByTestId('stage-controls')).toBeNull();
      cleanup();
      await resetSession();
      await signInAs(api, bob);
      open();
      await screen.findByText('media');
      expect(screen.queryByTestId('hand-queue')).toBeNull();
      expect(screen.queryByTestId('moderation-log')).toBeNull();
      expect(screen.queryByTestId('edit-panel')).toBeNull();
    });

    it('lets the creator edit the stream: checked first, only what changed sent, the Api’s refusal by its field', async () => {
      await signInAs(api, ada);
      const { user } = open();
      await screen.findByText('media');
      await user.click(screen.getByText('Edit livestream'));
      const form = screen.getByRole('form', { name: 'Edit livestream' });
      const title = within(form).getByLabelText('Title');
      await user.clear(title);
      await user.click(within(form).getByRole('button', { name: 'Save changes' }));
      expect(within(form).getByText('Title is required')).toBeTruthy();
      expect(api.calls.some((call) => call.method === 'PATCH')).toBe(false);

      await user.type(title, 'Renamed live');
      await user.clear(within(form).getByLabelText('Max participants'));
      await user.type(within(form).getByLabelText('Max participants'), '50');
      await user.click(within(form).getByRole('button', { name: 'Save changes' }));
      await screen.findByRole('heading', { name: 'Renamed live' });
      const patch = api.calls.find((call) => call.method === 'PATCH');
      expect(patch).toMatchObject({ path: `/livestreams/${stream.id}`, body: { title: 'Renamed live', maxParticipants: 50 } });
      expect(api.userOf(patch?.token)).toEqual(ada);

      streamApi.refuse.set('PATCH ', error(400, 'ValidationError', 'Empty timeout must be between 0 and 86400 seconds'));
      await user.clear(within(form).getByLabelText('Empty timeout (seconds)'));
      await user.type(within(form).getByLabelText('Empty timeout (seconds)'), '60');
      await user.click(within(form).getByRole('button', { name: 'Save changes' }));
      expect(await within(form).findByText('Empty timeout must be between 0 and 86400 seconds')).toBeTruthy();
    });

    it('shows an edit to everyone watching as it is announced', async () => {
      await signInAs(api, bob);
      open();
      await screen.findByText('media');
      emit('stream_updated', { ...stream, title: 'Now with guests', description: 'Come in', updatedAt: '2026-01-01T12:00:00.000Z' }, 14);
      expect(await screen.findByRole('heading', { name: 'Now with guests' })).toBeTruthy();
      expect(screen.getByText('Come in')).toBeTruthy();
    });
  });
});
