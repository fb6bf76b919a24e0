import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithAnnouncements } from '@/testing/announcements';
import { ada, bob, FakeAuthApi, type RecordedCall } from '@/testing/fake-auth-api';
import { FakeStreamApi } from '@/testing/fake-stream-api';
import { resetSession, signInAs } from '@/testing/session';
import { livestream } from '@/testing/test-utils';
import type { User } from '@/types/api';
import { useParticipants } from '../hooks/use-stream-people';
import { BanList } from './ban-list';
import { HandQueue } from './hand-queue';
import { ModerationLog } from './moderation-log';
import { ParticipantList } from './participant-list';
import { StageControls } from './stage-controls';

const stream = livestream({ createdBy: ada.id });
const cy: User = { id: 'guest:cy', displayName: 'Cy', kind: 'Guest', email: null };

/** The list as the stream page renders it: its participants query, kept current by the page's events. */
function People({ isHost, currentUserId }: { isHost: boolean; currentUserId: string | undefined }) {
  const participants = useParticipants(stream.id, 0, true);
  return (
    <ParticipantList participants={participants} streamId={stream.id} creatorId={ada.id} isHost={isHost} currentUserId={currentUserId} />
  );
}

describe('moderation and stage panels', () => {
  let api: FakeAuthApi;
  let streamApi: FakeStreamApi;
  const posts = (path: string): RecordedCall[] => api.calls.filter((call) => call.method === 'POST' && call.path.endsWith(path));

  beforeEach(() => {
    api = new FakeAuthApi();
    streamApi = new FakeStreamApi(api, stream);
    api.route = streamApi.route;
    vi.stubGlobal('fetch', api.fetch);
    streamApi.addParticipant(ada, 'HOST');
    streamApi.addParticipant(bob);
    streamApi.addParticipant(cy);
  });
  afterEach(async () => {
    await resetSession();
    vi.unstubAllGlobals();
  });

  const row = (userId: string) => screen.queryAllByTestId('participant').find((element) => element.dataset.userId === userId);
  const rowOf = (userId: string): HTMLElement => {
    const found = row(userId);
    if (!found) {
      throw new Error(`no participant row for ${userId}`);
    }
    return found;
  };

  it('lists the host first and gives only the host actions on others', async () => {
    renderWithAnnouncements(<People isHost={false} currentUserId={bob.id} />);
    await screen.findByRole('list', { name: 'Participants' });
    expect(screen.getAllByTestId('participant').map((element) => element.dataset.userId)).toEqual([ada.id, bob.id, cy.id]);
    expect(within(rowOf(ada.id)).getByText('host')).toBeTruthy();
    expect(within(rowOf(bob.id)).getByText('(you)')).toBeTruthy();
    expect(within(rowOf(cy.id)).getByText('guest')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Remove' })).toBeNull();
  });

  it('lets the host remove with a reason, ban for a while, mute, and invite on stage and step down', async () => {
    await signInAs(api, ada);
    const { user } = renderWithAnnouncements(<People isHost currentUserId={ada.id} />);
    await screen.findByRole('list', { name: 'Participants' });
    expect(within(rowOf(ada.id)).queryByRole('button')).toBeNull();

    await user.click(within(rowOf(bob.id)).getByRole('button', { name: 'Invite on stage' }));
    await vi.waitFor(() => expect(row(bob.id)?.dataset.onStage).toBe('true'));
    expect(posts('/stage/invite')[0]?.body).toEqual({ userId: bob.id });
    expect(api.userOf(posts('/stage/invite')[0]?.token)).toEqual(ada);
    await user.click(within(rowOf(bob.id)).getByRole('button', { name: 'Step down' }));
    await vi.waitFor(() => expect(row(bob.id)?.dataset.onStage).toBeUndefined());
    expect(posts('/stage/remove')[0]?.body).toEqual({ userId: bob.id });

    await user.click(within(rowOf(bob.id)).getByRole('button', { name: 'Mute' }));
    await vi.waitFor(() => expect(posts('/moderation/mute')[0]?.body).toEqual({ userId: bob.id }));

    await user.click(within(rowOf(cy.id)).getByRole('button', { name: 'Ban' }));
    const banForm = screen.getByRole('form', { name: 'Ban Cy' });
    await user.type(within(banForm).getByLabelText(/Reason/), 'Spamming links');
    await user.selectOptions(within(banForm).getByLabelText('For'), '1 hour');
    await user.click(within(banForm).getByRole('button', { name: 'Ban Cy' }));
    await vi.waitFor(() => expect(row(cy.id)).toBeUndefined());
    expect(posts('/moderation/bans')[0]?.body).toEqual({ userId: cy.id, reason: 'Spamming links', durationSeconds: 3600 });

    await user.click(within(rowOf(bob.id)).getByRole('button', { name: 'Remove' }));
    await user.click(within(screen.getByRole('form', { name: 'Remove Bob' })).getByRole('button', { name: 'Remove Bob' }));
    await vi.waitFor(() => expect(row(bob.id)).toBeUndefined());
    expect(posts('/moderation/remove')[0]?.body).toEqual({ userId: bob.id });
  });

  it('follows removals, bans and stage moves announced live', async () => {
    const { announce } = renderWithAnnouncements(<People isHost={false} currentUserId={undefined} />);
    await screen.findByRole('list', { name: 'Participants' });
    // What the Api holds by then, as the list is read again after each.
    streamApi.participants = streamApi.participants.map((p) => (p.userId === cy.id ? { ...p, role: 'HOST' } : p));
    announce({ type: 'stage_changed', id: 5, data: { userId: cy.id, displayName: 'Cy', onStage: true, by: ada.id } });
    await vi.waitFor(() => expect(row(cy.id)?.dataset.onStage).toBe('true'));
    streamApi.participants = streamApi.participants.filter((p) => p.userId !== bob.id);
    announce({ type: 'participant_removed', id: 6, data: { userId: bob.id, reason: null, by: ada.id } });
    await vi.waitFor(() => expect(row(bob.id)).toBeUndefined());
  });

  it('shows the host the raised hands live, oldest first, and invites from the queue', async () => {
    await signInAs(api, ada);
    streamApi.hands = [{ userId: bob.id, displayName: 'Bob', raisedAt: '2026-01-01T10:01:00.000Z' }];
    const { user, announce } = renderWithAnnouncements(<HandQueue streamId={stream.id} />);
    await screen.findByRole('list', { name: 'Raised hands' });
    const cyHand = { userId: cy.id, displayName: 'Cy', raisedAt: '2026-01-01T10:02:00.000Z' };
    streamApi.hands.push(cyHand);
    announce({ type: 'hand_raised', id: 7, data: cyHand });
    await vi.waitFor(() => expect(screen.getAllByTestId('raised-hand').map((element) => element.dataset.userId)).toEqual([bob.id, cy.id]));
    streamApi.hands = [cyHand];
    announce({ type: 'hand_lowered', id: 8, data: { userId: bob.id } });
    await vi.waitFor(() => expect(screen.getAllByTestId('raised-hand').map((element) => element.dataset.userId)).toEqual([cy.id]));

    await user.click(screen.getByRole('button', { name: 'Invite' }));
    await vi.waitFor(() => expect(posts('/stage/invite')[0]?.body).toEqual({ userId: cy.id }));
    announce({ type: 'stage_changed', id: 9, data: { userId: cy.id, displayName: 'Cy', onStage: true, by: ada.id } });
    await screen.findByText('No hands raised.');
  });

  it('lets a viewer raise and lower a hand, and leave the stage once on it', async () => {
    await signInAs(api, bob);
    const { user, announce } = renderWithAnnouncements(<StageControls streamId={stream.id} userId={bob.id} onStage={false} />);
    await user.click(screen.getByRole('button', { name: 'Raise hand' }));
    await screen.findByRole('button', { name: 'Lower hand' });
    expect(posts('/stage/hand')).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Lower hand' }));
    await screen.findByRole('button', { name: 'Raise hand' });
    expect(api.calls.some((call) => call.method === 'DELETE' && call.path.endsWith('/stage/hand'))).toBe(true);

    // The host lowers it for them (hand_lowered names them).
    await user.click(screen.getByRole('button', { name: 'Raise hand' }));
    await screen.findByRole('button', { name: 'Lower hand' });
    announce({ type: 'hand_lowered', id: 3, data: { userId: bob.id } });
    await screen.findByRole('button', { name: 'Raise hand' });
  });

  it('shows the person on stage that they are, with a way off it', async () => {
    await signInAs(api, bob);
    streamApi.participants = streamApi.participants.map((p) => (p.userId === bob.id ? { ...p, role: 'HOST' } : p));
    const { user } = renderWithAnnouncements(<StageControls streamId={stream.id} userId={bob.id} onStage />);
    expect(screen.getByText(/You are on stage/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Leave stage' }));
    await vi.waitFor(() => expect(posts('/stage/remove')[0]?.body).toEqual({ userId: bob.id }));
    expect(api.userOf(posts('/stage/remove')[0]?.token)).toEqual(bob);
  });

  it('shows the host the moderation log when opened, with names, and reads it again after an action', async () => {
    await signInAs(api, ada);
    streamApi.actions = [
      { id: 2, action: 'BAN', actorId: ada.id, targetId: cy.id, reason: 'spam', createdAt: '2026-01-01T10:09:00.000Z' },
      { id: 1, action: 'STAGE_INVITE', actorId: ada.id, targetId: bob.id, reason: null, createdAt: '2026-01-01T10:08:00.000Z' },
    ];
    const { user, announce } = renderWithAnnouncements(<ModerationLog streamId={stream.id} you={ada} />);
    expect(api.calls.some((call) => call.path.endsWith('/moderation/actions'))).toBe(false);
    await user.click(screen.getByText('Moderation log'));
    await screen.findByRole('list', { name: 'Moderation actions' });
    expect(screen.getAllByTestId('moderation-action').map((element) => element.textContent)).toEqual([
      expect.stringMatching(/Ada \(you\) banned Cy — spam$/),
      expect.stringMatching(/Ada \(you\) invited on stage Bob$/),
    ]);
    streamApi.actions.unshift({ id: 3, action: 'MUTE', actorId: ada.id, targetId: bob.id, reason: null, createdAt: '2026-01-01T10:10:00.000Z' });
    announce({ type: 'participant_muted', id: 11, data: { userId: bob.id, trackSids: ['TR_1'] } });
    await vi.waitFor(() => expect(screen.getAllByTestId('moderation-action')).toHaveLength(3));
  });

  it('lists the host’s bans by name when opened, lifts one, and follows bans announced live', async () => {
    await signInAs(api, ada);
    streamApi.banned.add(cy.id);
    const { user, announce } = renderWithAnnouncements(<BanList streamId={stream.id} />);
    await user.click(screen.getByText('Bans'));
    const ban = await screen.findByTestId('ban');
    expect(ban.textContent).toMatch(/^Cy until lifted — spam/);
    await user.click(within(ban).getByRole('button', { name: 'Lift ban' }));
    await screen.findByText('Nobody is banned.');
    const lift = api.calls.find((call) => call.method === 'DELETE');
    expect(lift?.path).toBe(`/livestreams/${stream.id}/moderation/bans/${encodeURIComponent(cy.id)}`);
    expect(api.userOf(lift?.token)).toEqual(ada);

    streamApi.banned.add(bob.id);
    announce({ type: 'participant_banned', id: 20, data: { userId: bob.id, reason: 'spam', until: null } });
    expect((await screen.findByTestId('ban')).dataset.userId).toBe(bob.id);
  });
});
