import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '@/lib/session';
import { ada, FakeAuthApi } from '@/testing/fake-auth-api';
import { FakeEventSource } from '@/testing/fake-event-source';
import { resetSession, signInAs } from '@/testing/session';
import { SessionEventSource } from './event-stream';

describe('SessionEventSource', () => {
  let api: FakeAuthApi;
  let stream: SessionEventSource | undefined;
  const attach = vi.fn<(source: EventSource) => void>();

  beforeEach(() => {
    FakeEventSource.reset();
    vi.stubGlobal('EventSource', FakeEventSource);
    api = new FakeAuthApi();
    vi.stubGlobal('fetch', api.fetch);
  });
  afterEach(async () => {
    stream?.close();
    await resetSession();
    vi.unstubAllGlobals();
  });

  const open = (path: string) => {
    stream = new SessionEventSource(path, attach);
    stream.connect();
    return stream;
  };

  it('opens without a token for someone not signed in', () => {
    open('/livestreams/events');
    expect(FakeEventSource.latest().url).toBe('/api/v1/livestreams/events');
    expect(attach).toHaveBeenCalledWith(FakeEventSource.latest());
  });

  it('carries the access token, and reopens with the renewed one, then without one after signing out', async () => {
    await signInAs(api, ada);
    open('/livestreams/s1/events');
    const first = FakeEventSource.latest();
    first.open();
    const token = session.heldToken() ?? '';
    expect(first.url).toBe(`/api/v1/livestreams/s1/events?access_token=${token}`);

    await session.renew(token);
    const renewed = FakeEventSource.latest();
    expect(first.closed).toBe(true);
    expect(renewed.url).toBe(`/api/v1/livestreams/s1/events?access_token=${session.heldToken() ?? ''}`);
    expect(renewed.url).not.toContain(token);
    expect(FakeEventSource.instances).toHaveLength(2);

    renewed.open();
    await session.signOut();
    expect(renewed.closed).toBe(true);
    expect(FakeEventSource.latest().url).toBe('/api/v1/livestreams/s1/events');
  });

  it('leaves one it closed (or an error closed) to its owner, and opens nothing after close()', async () => {
    await signInAs(api, ada);
    const events = open('/livestreams/events');
    FakeEventSource.latest().fail({ closed: true });
    await session.renew(session.heldToken() ?? '');
    expect(FakeEventSource.instances).toHaveLength(1);

    events.close();
    events.connect();
    await Promise.resolve();
    expect(FakeEventSource.instances).toHaveLength(1);
  });
});
