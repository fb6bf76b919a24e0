import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api-client';
import type { ChatMessage } from '@/types/api';
import { chatBlockReason, chatMaxLength, describePostError, mergeChat, validateChatText } from './chat-rules';

const message = (id: number, text = `message ${id}`): ChatMessage => ({
  id,
  streamId: 's',
  userId: 'u',
  displayName: 'U',
  text,
  createdAt: '2026-01-01T10:00:00.000Z',
});

describe('validateChatText', () => {
  it('refuses empty, blank and invisible-only messages', () => {
    expect(validateChatText('')).toBe('Write a message first');
    expect(validateChatText('   \n ')).toBe('Write a message first');
    expect(validateChatText('\u200b\u200e\u0007')).toBe('Write a message first');
  });

  it('counts the length after trimming, up to the Api’s limit', () => {
    expect(validateChatText(`  ${'a'.repeat(chatMaxLength)}  `)).toBeUndefined();
    expect(validateChatText('a'.repeat(chatMaxLength + 1))).toMatch(/at most 500 characters \(this one is 501\)/);
    expect(validateChatText(' hi ')).toBeUndefined();
  });
});

describe('chatBlockReason', () => {
  const settings = { enabled: true, guestsMayChat: true };
  it('lets a joined person chat when chat is on', () => {
    expect(chatBlockReason({ joined: true, isGuest: false, banned: false, settings })).toBeUndefined();
    expect(chatBlockReason({ joined: true, isGuest: true, banned: false, settings })).toBeUndefined();
  });

  it('says why not: banned, chat off, not joined, guests not allowed', () => {
    expect(chatBlockReason({ joined: true, isGuest: false, banned: true, settings })).toMatch(/banned/);
    expect(chatBlockReason({ joined: true, isGuest: false, banned: false, settings: { ...settings, enabled: false } })).toBe(
      'The host turned chat off.',
    );
    expect(chatBlockReason({ joined: false, isGuest: false, banned: false, settings })).toBe('Join the livestream to chat.');
    expect(chatBlockReason({ joined: true, isGuest: true, banned: false, settings: { ...settings, guestsMayChat: false } })).toMatch(
      /only accounts/,
    );
    expect(chatBlockReason({ joined: true, isGuest: false, banned: false, settings: { ...settings, guestsMayChat: false } })).toBeUndefined();
  });
});

describe('mergeChat', () => {
  it('shows each message once, oldest first, history pages and live messages together', () => {
    const pages = [[message(3), message(4)], [message(1), message(2)]];
    const merged = mergeChat(pages, [message(4), message(5), message(5), message(6)], new Set());
    expect(merged.map((m) => m.id)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('leaves deleted messages out wherever they came from', () => {
    const merged = mergeChat([[message(1), message(2)]], [message(3)], new Set([2, 3]));
    expect(merged.map((m) => m.id)).toEqual([1]);
  });

  it('takes the history as the truth for the range it covers (a reload after a resync drops what was deleted meanwhile)', () => {
    const merged = mergeChat([[message(1), message(3)]], [message(2), message(3), message(4)], new Set());
    expect(merged.map((m) => m.id)).toEqual([1, 3, 4]);
  });
});

describe('describePostError', () => {
  it('puts "slow down" before a rate limit’s message, and gives other refusals as the Api words them', () => {
    expect(describePostError(new ApiError(429, 'RateLimitError', 'Too many messages, try again in 5 seconds'))).toBe(
      'Slow down: Too many messages, try again in 5 seconds',
    );
    expect(describePostError(new ApiError(400, 'ValidationError', 'text must be at most 500 characters'))).toBe(
      'text must be at most 500 characters',
    );
  });
});
