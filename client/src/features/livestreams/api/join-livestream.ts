import { apiRequest } from '@/lib/api-client';
import type { DataResponse, JoinInput, JoinResult } from '@/types/api';

/**
 * A LiveKit token for the signed-in user (an account or a guest), under the name their token carries: HOST may
 * publish (the creator only), VIEWER only watches.
 */
export async function joinLivestream(id: string, input: JoinInput, signal?: AbortSignal): Promise<JoinResult> {
  const response = await apiRequest<DataResponse<JoinResult>>(`/livestreams/${encodeURIComponent(id)}/join`, {
    method: 'POST',
    body: input,
    signal,
    auth: true,
  });
  return response.data;
}
