import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { CreateLivestreamInput, DataResponse, Livestream } from '@/types/api';
import { livestreamKeys } from './query-keys';

/** Creates a livestream for the signed-in account (guests may not). */
export async function createLivestream(input: CreateLivestreamInput): Promise<Livestream> {
  const response = await apiRequest<DataResponse<Livestream>>('/livestreams', { method: 'POST', body: input, auth: true });
  return response.data;
}

export function useCreateLivestream() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createLivestream,
    onSuccess: (stream) => {
      queryClient.setQueryData(livestreamKeys.detail(stream.id), stream);
      return queryClient.invalidateQueries({ queryKey: livestreamKeys.lists() });
    },
  });
}
