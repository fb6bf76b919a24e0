import { useState } from 'react';
import { errorMessage } from '@/lib/api-client';
import { session } from '@/lib/session';

/** Starts a guest session on demand (a button press); says why when the Api would not. */
export function useStartGuest() {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState('');
  const start = () => {
    setPending(true);
    setProblem('');
    // On success the person is signed in as a guest and whatever offered the button gives way.
    session.startGuest().catch((error: unknown) => {
      setProblem(errorMessage(error));
      setPending(false);
    });
  };
  return { start, pending, problem };
}
