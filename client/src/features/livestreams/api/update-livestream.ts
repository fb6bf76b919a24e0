import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { DataResponse, Livestream, UpdateLivestreamInput } from '@/types/api';
import { applyLivestreamUpdate } from './apply-stream-notice';

/** Changes a stream (its creator only); only the fields sent change. Everyone watching hears of it (`stream_updated`). */
export async function updateLivestream(id: string, input: UpdateLivestreamInput): Promise<Livestream> {
  const path = `/livestreams/${encodeURIComponent(id)}`;
  return (await apiRequest<DataResponse<Livestream>>(path, { method: 'PATCH', body: input, auth: true })).data;
}

export function useUpdateLivestream(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateLivestreamInput) => updateLivestream(id, input),
    onSuccess: (stream) => {
      applyLivestreamUpdate(queryClient, stream);
    },
  });
}
