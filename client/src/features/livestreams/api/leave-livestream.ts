import { sendKeepalive } from '@/lib/api-client';
import { session } from '@/lib/session';

/**
 * Ends `userId`'s session in the stream; sent so that it still goes out while the page closes. Idempotent in the Api.
 * It goes with the token this tab holds for that user, also when they have just signed out or someone else signed
 * in (the join was theirs); only when that token lapsed (the tab slept) and they are still signed in is a new one
 * fetched first.
 */
export function leaveLivestream(id: string, userId: string): void {
  const path = `/livestreams/${encodeURIComponent(id)}/leave`;
  const held = session.heldTokenFor(userId);
  if (held) {
    sendKeepalive(path, held);
  } else if (session.getUser()?.id === userId) {
    session.accessToken().then(
      (token) => sendKeepalive(path, token),
      (error: unknown) => console.warn(`POST ${path} failed`, error),
    );
  }
}
