import { useSyncExternalStore } from 'react';
import { getIdentity, subscribeToIdentity, type Identity } from '@/lib/identity';

/** This tab's identity; re-renders when it changes here or (for the shared one) in another tab. */
export function useIdentity(): Identity | null {
  return useSyncExternalStore(subscribeToIdentity, getIdentity);
}

/** For pages only reachable once a display name has been chosen (the app asks for one first). */
export function useRequiredIdentity(): Identity {
  const identity = useIdentity();
  if (!identity) {
    throw new Error('No identity: the app asks for a display name before showing this page');
  }
  return identity;
}
