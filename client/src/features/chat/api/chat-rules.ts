import { ApiError, errorMessage } from '@/lib/api-client';
import type { ChatMessage, ChatSettings } from '@/types/api';

/** The Api's limit on a message's length (`Chat:MaxLength`, counted after trimming). */
export const chatMaxLength = 500;

/** Format and control characters only (zero-width spaces, bidi marks, …) count as empty, as the Api counts them. */
const invisible = /^[\p{Cc}\p{Cf}\s]*$/u;

/** What is wrong with a message before sending it, or undefined when it may go. */
export function validateChatText(text: string): string | undefined {
  const trimmed = text.trim();
  if (invisible.test(trimmed)) {
    return 'Write a message first';
  }
  if (trimmed.length > chatMaxLength) {
    return `A message may be at most ${chatMaxLength} characters (this one is ${trimmed.length})`;
  }
  return undefined;
}

export interface ChatAbility {
  /** The viewer's session in the stream is joined. */
  joined: boolean;
  isGuest: boolean;
  /** Banned from this stream (an event, or the join's refusal). */
  banned: boolean;
  /** Unknown until loaded: nothing is refused for it then (the Api still checks). */
  settings: ChatSettings | undefined;
}

/** Why this person may not post now, or undefined when they may. */
export function chatBlockReason({ joined, isGuest, banned, settings }: ChatAbility): string | undefined {
  if (banned) {
    return 'You are banned from this livestream, so you cannot chat.';
  }
  if (settings && !settings.enabled) {
    return 'The host turned chat off.';
  }
  if (!joined) {
    return 'Join the livestream to chat.';
  }
  if (isGuest && settings && !settings.guestsMayChat) {
    return 'The host lets only accounts chat: sign in to take part.';
  }
  return undefined;
}

/**
 * What the chat shows: the history pages, then messages that came live (or from one's own post) after the newest of
 * them, each once, oldest first, without deleted ones. Within the range the history covers it is the truth: a message
 * held from the live feed but missing from a history reloaded after a resync was deleted meanwhile.
 */
export function mergeChat(pages: readonly (readonly ChatMessage[])[], live: readonly ChatMessage[], deleted: ReadonlySet<number>): ChatMessage[] {
  const byId = new Map<number, ChatMessage>();
  let newestInHistory = 0;
  for (const page of pages) {
    for (const message of page) {
      byId.set(message.id, message);
      newestInHistory = Math.max(newestInHistory, message.id);
    }
  }
  for (const message of live) {
    if (message.id > newestInHistory) {
      byId.set(message.id, message);
    }
  }
  return [...byId.values()].filter((message) => !deleted.has(message.id)).sort((a, b) => a.id - b.id);
}

/** A refused post in the Api's words; a rate limit (429) says so first. */
export function describePostError(error: unknown): string {
  if (error instanceof ApiError && error.status === 429) {
    return `Slow down: ${errorMessage(error)}`;
  }
  return errorMessage(error);
}
