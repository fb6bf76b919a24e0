import { useSyncExternalStore } from 'react';
import { session } from '@/lib/session';
import type { User } from '@/types/api';

/** Who is signed in (an account or a guest), or null; re-renders on sign-in, sign-out and renames, here or in another tab. */
export function useUser(): User | null {
  return useSyncExternalStore(session.subscribe, session.getUser);
}
