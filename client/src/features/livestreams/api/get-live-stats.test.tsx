import { renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestQueryClient, jsonResponse, streamState, withQueryClient } from '@/testing/test-utils';
import { useLiveStats } from './get-live-stats';

describe('useLiveStats', () => {
  afterEach(() => vi.unstubAllGlobals());

  function renderCards(ids: string[]) {
    const queryClient = createTestQueryClient();
    return renderHook(() => ids.map((id) => useLiveStats(id, true)), { wrapper: withQueryClient(queryClient) });
  }

  it('fetches every card of a page in one request, and null for a stream without live state', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(() =>
      Promise.resolve(
        jsonResponse(200, {
          success: true,
          data: [streamState({ streamId: 'a', viewerCount: 3 }), streamState({ streamId: 'c', status: 'ENDED', viewerCount: 1 })],
          count: 2,
        }),
      ),
    );
    vi.stubGlobal('fetch', fetch);

    const { result } = renderCards(['a', 'b', 'c']);

    await waitFor(() => expect(result.current.every((query) => query.isSuccess)).toBe(true));
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]?.[0]).toBe('/api/v1/livestreams/state?ids=a,b,c');
    expect(result.current.map((query) => query.data)).toEqual([
      { status: 'LIVE', viewerCount: 3, eventId: 0 },
      null,
      { status: 'ENDED', viewerCount: 1, eventId: 0 },
    ]);
  });

  it('fails every card of the request when the Api says no', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(jsonResponse(429, { success: false, error: 'TooManyRequests', message: 'Too many requests', statusCode: 429 })),
      ),
    );

    const { result } = renderCards(['a', 'b']);

    await waitFor(() => expect(result.current.every((query) => query.isError)).toBe(true));
    expect(result.current.map((query) => query.error?.message)).toEqual(['Too many requests', 'Too many requests']);
  });
});
