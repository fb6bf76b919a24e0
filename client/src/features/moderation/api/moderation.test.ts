import { describe, expect, it } from 'vitest';
import type { Participant, RaisedHand, StreamAnnouncement } from '@/types/api';
import { applyToHands, applyToParticipants } from '../hooks/use-stream-people';
import { banInput, orderPeople } from './moderation';

const person = (userId: string, displayName: string, role: Participant['role'] = 'VIEWER'): Participant => ({
  id: `session-${userId}`,
  livestreamId: 's',
  userId,
  displayName,
  role,
  status: 'JOINED',
  metadata: null,
  livekitParticipantSid: null,
  livekitRoomSid: null,
  joinedAt: '2026-01-01T10:00:00.000Z',
  leftAt: null,
});
const hand = (userId: string): RaisedHand => ({ userId, displayName: userId, raisedAt: '2026-01-01T10:00:00.000Z' });

describe('banInput', () => {
  it('leaves out an empty reason and the duration of a ban until lifted', () => {
    expect(banInput('u', '  ', null)).toEqual({ userId: 'u' });
    expect(banInput('u', ' spam ', 600)).toEqual({ userId: 'u', reason: 'spam', durationSeconds: 600 });
  });
});

describe('orderPeople', () => {
  it('lists the creator, then people on stage, then viewers by name, each user once', () => {
    const ordered = orderPeople(
      [person('v2', 'Zed'), person('v1', 'Amy'), person('host', 'Hana', 'HOST'), person('s', 'Sam', 'HOST'), person('v1', 'Amy')],
      'host',
    );
    expect(ordered.map((p) => p.userId)).toEqual(['host', 's', 'v1', 'v2']);
  });
});

describe('applyToParticipants', () => {
  const people = [person('a', 'A'), person('b', 'B')];
  it('drops removed and banned people and moves people on and off stage', () => {
    const removed: StreamAnnouncement = { type: 'participant_removed', id: 1, data: { userId: 'a', reason: null, by: 'h' } };
    expect(applyToParticipants(people, removed).map((p) => p.userId)).toEqual(['b']);
    const banned: StreamAnnouncement = { type: 'participant_banned', id: 2, data: { userId: 'b', reason: null, until: null } };
    expect(applyToParticipants(people, banned).map((p) => p.userId)).toEqual(['a']);
    const staged: StreamAnnouncement = { type: 'stage_changed', id: 3, data: { userId: 'b', displayName: 'B', onStage: true, by: 'h' } };
    expect(applyToParticipants(people, staged).find((p) => p.userId === 'b')?.role).toBe('HOST');
    const down: StreamAnnouncement = { type: 'stage_changed', id: 4, data: { userId: 'b', displayName: 'B', onStage: false, by: 'b' } };
    expect(applyToParticipants(applyToParticipants(people, staged), down).find((p) => p.userId === 'b')?.role).toBe('VIEWER');
  });
});

describe('applyToHands', () => {
  it('adds raised hands once at the end and drops lowered, staged and removed ones', () => {
    let hands = [hand('a')];
    hands = applyToHands(hands, { type: 'hand_raised', id: 1, data: hand('b') });
    hands = applyToHands(hands, { type: 'hand_raised', id: 2, data: hand('b') });
    expect(hands.map((h) => h.userId)).toEqual(['a', 'b']);
    expect(applyToHands(hands, { type: 'hand_lowered', id: 3, data: { userId: 'a' } }).map((h) => h.userId)).toEqual(['b']);
    const staged: StreamAnnouncement = { type: 'stage_changed', id: 4, data: { userId: 'b', displayName: 'b', onStage: true, by: 'h' } };
    expect(applyToHands(hands, staged).map((h) => h.userId)).toEqual(['a']);
    const removed: StreamAnnouncement = { type: 'participant_removed', id: 5, data: { userId: 'a', reason: null, by: 'h' } };
    expect(applyToHands(hands, removed).map((h) => h.userId)).toEqual(['b']);
  });
});
