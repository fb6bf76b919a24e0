import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { DataResponse, Livestream } from '@/types/api';
import { livestreamKeys } from './query-keys';

/** Ends a livestream (the Api's soft delete); only its creator may. */
export async function endLivestream(id: string, requestingUserId: string): Promise<Livestream> {
  const response = await apiRequest<DataResponse<Livestream>>(`/livestreams/${encodeURIComponent(id)}`, {
    method: 'DELETE',
    body: { requestingUserId },
  });
  return response.data;
}

export function useEndLivestream(id: string, requestingUserId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => endLivestream(id, requestingUserId),
    onSuccess: (stream) => {
      queryClient.setQueryData(livestreamKeys.detail(stream.id), stream);
      return queryClient.invalidateQueries({ queryKey: livestreamKeys.lists() });
    },
  });
}
