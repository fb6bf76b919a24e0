import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import type { Livestream, StreamState } from '@/types/api';

export function createTestQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } } });
}

export function withQueryClient(queryClient: QueryClient) {
  return function Wrapper({ children }: { children: ReactNode }) {
    return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
  };
}

/**
 * Renders a page at `route`, matched by `path` (for its params), with a query client and a router; where the app
 * navigates to shows in the element with test id "location".
 */
export function renderPage(page: ReactNode, { route = '/', path = '*' }: { route?: string; path?: string } = {}) {
  const queryClient = createTestQueryClient();
  const Wrapper = withQueryClient(queryClient);
  function CurrentLocation() {
    const location = useLocation();
    return <output data-testid="location">{`${location.pathname}${location.search}`}</output>;
  }
  const result = render(
    <Wrapper>
      <MemoryRouter initialEntries={[route]}>
        <Routes>
          <Route path={path} element={page} />
        </Routes>
        <CurrentLocation />
      </MemoryRouter>
    </Wrapper>,
  );
  return { ...result, queryClient, user: userEvent.setup() };
}

/** A JSON response as the Api sends it. */
export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export function livestream(overrides: Partial<Livestream> = {}): Livestream {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    roomName: 'room',
    title: 'A stream',
    description: null,
    status: 'LIVE',
    visibility: 'PUBLIC',
    createdBy: 'user-host',
    maxParticipants: 100,
    emptyTimeout: 86400,
    metadata: null,
    createdAt: '2026-01-01T10:00:00.000Z',
    updatedAt: '2026-01-01T10:00:00.000Z',
    startedAt: '2026-01-01T10:00:01.000Z',
    endedAt: null,
    ...overrides,
  };
}

export function streamState(overrides: Partial<StreamState> = {}): StreamState {
  return {
    streamId: '00000000-0000-4000-8000-000000000001',
    status: 'LIVE',
    participants: [],
    startedAt: '2026-01-01T10:00:01.000Z',
    viewerCount: 0,
    totalViewers: 0,
    peakViewerCount: 0,
    hostInfo: { userId: 'user-host', displayName: 'user-host' },
    ...overrides,
  };
}
