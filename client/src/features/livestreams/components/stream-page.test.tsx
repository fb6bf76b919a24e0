import { cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '@/lib/session';
import { ada, bob, FakeAuthApi, type RecordedCall } from '@/testing/fake-auth-api';
import { FakeEventSource } from '@/testing/fake-event-source';
import { FakeStreamApi } from '@/testing/fake-stream-api';
import { resetSession, signInAs } from '@/testing/session';
import { jsonResponse, livestream, renderPage } from '@/testing/test-utils';
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

  it('says a stream it cannot see may be private, and offers to sign in', async () => {
    api.route = () => jsonResponse(404, { success: false, error: 'NotFoundError', message: 'Livestream not found' });
    open();
    expect((await screen.findByRole('alert')).textContent).toMatch(/No such livestream.*private/);
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe(`/sign-in?next=%2Fstreams%2F${stream.id}`);
  });
});
