import type { ChatMessage, ChatSettings, Livestream, ModerationAction, Participant, RaisedHand, StreamAnalytics, User } from '@/types/api';
import { liveAnalytics } from './analytics-fixtures';
import { error, type FakeAuthApi, type RecordedCall } from './fake-auth-api';
import { jsonResponse } from './test-utils';

/**
 * One livestream's endpoints as the Api answers them (issue 20's contract): the stream (GET, PATCH, DELETE), join and
 * leave, participants, chat, moderation and stage, in memory. Use as `auth.route = streamApi.route`; who calls comes
 * from the bearer token (`auth.userOf`). Set `refuse` to make the next call to a path answer an error instead.
 */
export class FakeStreamApi {
  stream: Livestream;
  messages: ChatMessage[] = [];
  settings: ChatSettings = { enabled: true, guestsMayChat: true };
  participants: Participant[] = [];
  hands: RaisedHand[] = [];
  actions: ModerationAction[] = [];
  banned = new Set<string>();
  /** GET /analytics's answer; by default 20 s of a live stream with nobody watching. */
  analytics: StreamAnalytics | undefined;
  /** Answers the next call whose "METHOD path" (without query) is the key with this instead. */
  readonly refuse = new Map<string, Response>();
  private readonly auth: FakeAuthApi;

  constructor(auth: FakeAuthApi, stream: Livestream) {
    this.auth = auth;
    this.stream = stream;
  }

  private liveAnalytics(): StreamAnalytics {
    const startedAt = this.stream.startedAt ?? '2026-01-01T10:00:00.000Z';
    return liveAnalytics(this.stream.id, startedAt, new Date(Date.parse(startedAt) + 20_000).toISOString(), [0, 0]);
  }

  /** Someone in the stream, as a joined session. */
  addParticipant(user: Pick<User, 'id' | 'displayName'>, role: Participant['role'] = 'VIEWER'): Participant {
    const participant: Participant = {
      id: `session-${this.participants.length + 1}`,
      livestreamId: this.stream.id,
      userId: user.id,
      displayName: user.displayName,
      role,
      status: 'JOINED',
      metadata: null,
      livekitParticipantSid: null,
      livekitRoomSid: null,
      joinedAt: '2026-01-01T10:00:02.000Z',
      leftAt: null,
    };
    this.participants.push(participant);
    return participant;
  }

  /** A message as if posted earlier (its id the next one). */
  addMessage(user: Pick<User, 'id' | 'displayName'>, text: string): ChatMessage {
    const message: ChatMessage = {
      id: (this.messages.at(-1)?.id ?? 0) + 1,
      streamId: this.stream.id,
      userId: user.id,
      displayName: user.displayName,
      text,
      createdAt: '2026-01-01T10:05:00.000Z',
    };
    this.messages.push(message);
    return message;
  }

  readonly route = (call: RecordedCall): Response | undefined => {
    const url = new URL(call.path, 'http://api.test');
    const base = `/livestreams/${this.stream.id}`;
    if (!url.pathname.startsWith(base)) {
      return undefined;
    }
    const sub = url.pathname.slice(base.length);
    const key = `${call.method} ${sub}`;
    const refused = this.refuse.get(key);
    if (refused) {
      this.refuse.delete(key);
      return refused;
    }
    const caller = this.auth.userOf(call.token);
    const body = (call.body ?? {}) as Record<string, unknown>;
    const userId = typeof body.userId === 'string' ? body.userId : '';
    const isHost = caller?.id === this.stream.createdBy;
    const data = (value: unknown, status = 200) => jsonResponse(status, { success: true, data: value });
    const list = (values: unknown[]) => jsonResponse(200, { success: true, data: values, count: values.length });
    const hostOnly = (answer: () => Response) =>
      !caller ? error(401, 'AuthenticationError', 'Sign in') : isHost ? answer() : error(403, 'AuthorizationError', 'Only the host may do this');
    const record = (action: ModerationAction['action'], targetId: string, reason: string | null = null) => {
      this.actions.unshift({
        id: this.actions.length + 1,
        action,
        actorId: caller?.id ?? '',
        targetId,
        reason,
        createdAt: '2026-01-01T10:10:00.000Z',
      });
    };
    const setRole = (target: string, role: Participant['role']) => {
      this.participants = this.participants.map((p) => (p.userId === target ? { ...p, role } : p));
    };

    const deleteChat = /^DELETE \/chat\/(\d+)$/.exec(key);
    if (deleteChat) {
      return hostOnly(() => {
        const messageId = Number(deleteChat[1]);
        this.messages = this.messages.filter((m) => m.id !== messageId);
        return data({ id: messageId, deletedBy: caller?.id });
      });
    }

    const unban = /^DELETE \/moderation\/bans\/(.+)$/.exec(key);
    if (unban) {
      return hostOnly(() => {
        const target = decodeURIComponent(unban[1] ?? '');
        this.banned.delete(target);
        record('UNBAN', target);
        return data({ userId: target });
      });
    }

    switch (key) {
      case 'GET /moderation/bans':
        return hostOnly(() =>
          list(
            [...this.banned].map((banned) => ({
              userId: banned,
              reason: 'spam',
              createdBy: this.stream.createdBy,
              createdAt: '2026-01-01T10:10:00.000Z',
              until: null,
              liftedAt: null,
            })),
          ),
        );
      case 'GET ':
        return data(this.stream);
      case 'GET /analytics':
        return hostOnly(() => data(this.analytics ?? this.liveAnalytics()));
      case 'PATCH ':
        return hostOnly(() => {
          this.stream = { ...this.stream, ...body, updatedAt: new Date(Date.parse(this.stream.updatedAt) + 1000).toISOString() };
          return data(this.stream);
        });
      case 'DELETE ':
        return hostOnly(() => data({ ...this.stream, status: 'ENDED' }));
      case 'POST /join': {
        if (!caller) {
          return error(401, 'AuthenticationError', 'Sign in');
        }
        if (this.banned.has(caller.id)) {
          return error(403, 'AuthorizationError', 'You are banned from this livestream');
        }
        const participant = this.participants.find((p) => p.userId === caller.id) ?? this.addParticipant(caller, isHost ? 'HOST' : 'VIEWER');
        return data({ token: 'lk', url: 'ws://livekit', participant });
      }
      case 'POST /leave':
        this.participants = this.participants.filter((p) => p.userId !== caller?.id);
        return jsonResponse(200, { success: true, message: 'Left' });
      case 'GET /participants':
        return list(this.participants);
      case 'GET /invites':
        return list([]);
      case 'GET /chat': {
        const before = Number(url.searchParams.get('before') ?? Infinity);
        const limit = Number(url.searchParams.get('limit') ?? 50);
        return list(this.messages.filter((m) => m.id < before).slice(-limit));
      }
      case 'POST /chat': {
        if (!caller) {
          return error(401, 'AuthenticationError', 'Sign in');
        }
        const text = typeof body.text === 'string' ? body.text.trim() : '';
        if (!text) {
          return error(400, 'ValidationError', 'text must not be empty');
        }
        return data(this.addMessage(caller, text), 201);
      }
      case 'GET /chat/settings':
        return data(this.settings);
      case 'PUT /chat/settings':
        return hostOnly(() => {
          this.settings = { enabled: Boolean(body.enabled), guestsMayChat: Boolean(body.guestsMayChat) };
          return data(this.settings);
        });
      case 'GET /moderation/actions':
        return hostOnly(() => list(this.actions));
      case 'POST /moderation/remove':
        return hostOnly(() => {
          this.participants = this.participants.filter((p) => p.userId !== userId);
          record('REMOVE', userId, (body.reason as string | undefined) ?? null);
          return data({ userId });
        });
      case 'POST /moderation/bans':
        return hostOnly(() => {
          this.participants = this.participants.filter((p) => p.userId !== userId);
          this.banned.add(userId);
          record('BAN', userId, (body.reason as string | undefined) ?? null);
          return data({ userId });
        });
      case 'POST /moderation/mute':
        return hostOnly(() => {
          record('MUTE', userId);
          return data({ userId, trackSids: ['TR_1'] });
        });
      case 'GET /stage/hands':
        return hostOnly(() => list(this.hands));
      case 'POST /stage/hand': {
        const hand = { userId: caller?.id ?? '', displayName: caller?.displayName ?? '', raisedAt: '2026-01-01T10:06:00.000Z' };
        this.hands.push(hand);
        return data(hand);
      }
      case 'DELETE /stage/hand':
        this.hands = this.hands.filter((h) => h.userId !== caller?.id);
        return data({ userId: caller?.id });
      case 'POST /stage/invite':
        return hostOnly(() => {
          setRole(userId, 'HOST');
          this.hands = this.hands.filter((h) => h.userId !== userId);
          record('STAGE_INVITE', userId);
          return data({ userId, onStage: true });
        });
      case 'POST /stage/remove':
        if (!isHost && caller?.id !== userId) {
          return error(403, 'AuthorizationError', 'Only the host or the person on stage');
        }
        setRole(userId, 'VIEWER');
        record('STAGE_REMOVE', userId);
        return data({ userId, onStage: false });
      default:
        return undefined;
    }
  };
}
