import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { DataResponse, Livestream } from '@/types/api';
import { livestreamKeys } from './query-keys';

/** Ends a livestream (the Api's soft delete); only its creator may. */
export async function endLivestream(id: string): Promise<Livestream> {
  const response = await apiRequest<DataResponse<Livestream>>(`/livestreams/${encodeURIComponent(id)}`, {
    method: 'DELETE',
    auth: true,
  });
  return response.data;
}

export function useEndLivestream(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => endLivestream(id),
    onSuccess: (stream) => {
      queryClient.setQueryData(livestreamKeys.detail(stream.id), stream);
      return queryClient.invalidateQueries({ queryKey: livestreamKeys.lists() });
    },
  });
}
