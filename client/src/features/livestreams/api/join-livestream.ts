import { apiRequest } from '@/lib/api-client';
import type { DataResponse, JoinInput, JoinResult } from '@/types/api';

/** A LiveKit token for this user: HOST may publish (the creator only), VIEWER only watches. */
export async function joinLivestream(id: string, input: JoinInput, signal?: AbortSignal): Promise<JoinResult> {
  const response = await apiRequest<DataResponse<JoinResult>>(`/livestreams/${encodeURIComponent(id)}/join`, {
    method: 'POST',
    body: input,
    signal,
  });
  return response.data;
}
