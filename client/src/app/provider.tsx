import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { BrowserRouter } from 'react-router';
import { createQueryClient } from '@/lib/react-query';
import { session } from '@/lib/session';

export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  useRefetchForNewIdentity(queryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>{children}</BrowserRouter>
    </QueryClientProvider>
  );
}

/**
 * What the Api answers depends on who asks (a private stream is there for its creator and invited people only), so
 * when someone else signs in, or out, everything shown is fetched again.
 */
function useRefetchForNewIdentity(queryClient: QueryClient): void {
  useEffect(() => {
    let userId = session.getUser()?.id;
    return session.subscribe(() => {
      const next = session.getUser()?.id;
      if (next !== userId) {
        userId = next;
        void queryClient.invalidateQueries();
      }
    });
  }, [queryClient]);
}
