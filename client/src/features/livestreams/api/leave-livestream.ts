import { sendKeepalive } from '@/lib/api-client';

/** Ends the user's session; sent so that it still goes out while the page closes. Idempotent in the Api. */
export function leaveLivestream(id: string, userId: string): void {
  sendKeepalive(`/livestreams/${encodeURIComponent(id)}/leave`, { userId });
}
