import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { ChatMessage, ChatMessageDeleted, ChatSettings, DataResponse, ListResponse } from '@/types/api';
import { livestreamKeys } from '@/features/livestreams/api/query-keys';

// A stream's chat: /api/v1/livestreams/{id}/chat. Reading is anyone's (a private stream's, whoever may see it); posting
// needs a joined session; deleting and the settings are the host's.

const chatPath = (streamId: string) => `/livestreams/${encodeURIComponent(streamId)}/chat`;

/** How many messages a page of history holds (the Api's default). */
export const chatPageSize = 50;

export const chatKeys = {
  all: (streamId: string) => [...livestreamKeys.all, 'chat', streamId] as const,
  messages: (streamId: string) => [...chatKeys.all(streamId), 'messages'] as const,
  settings: (streamId: string) => [...chatKeys.all(streamId), 'settings'] as const,
};

/** The newest page before `before` (or the newest page), oldest first; deleted ones left out. */
export async function getChatPage(streamId: string, before: number | undefined, signal?: AbortSignal): Promise<ChatMessage[]> {
  const params = new URLSearchParams({ limit: String(chatPageSize) });
  if (before !== undefined) {
    params.set('before', String(before));
  }
  return (await apiRequest<ListResponse<ChatMessage>>(`${chatPath(streamId)}?${params.toString()}`, { signal, auth: 'optional' })).data;
}

export async function postChatMessage(streamId: string, text: string): Promise<ChatMessage> {
  return (await apiRequest<DataResponse<ChatMessage>>(chatPath(streamId), { method: 'POST', body: { text }, auth: true })).data;
}

export async function deleteChatMessage(streamId: string, messageId: number): Promise<ChatMessageDeleted> {
  const path = `${chatPath(streamId)}/${encodeURIComponent(messageId)}`;
  return (await apiRequest<DataResponse<ChatMessageDeleted>>(path, { method: 'DELETE', auth: true })).data;
}

export async function getChatSettings(streamId: string, signal?: AbortSignal): Promise<ChatSettings> {
  return (await apiRequest<DataResponse<ChatSettings>>(`${chatPath(streamId)}/settings`, { signal, auth: 'optional' })).data;
}

export async function putChatSettings(streamId: string, settings: ChatSettings): Promise<ChatSettings> {
  return (await apiRequest<DataResponse<ChatSettings>>(`${chatPath(streamId)}/settings`, { method: 'PUT', body: settings, auth: true }))
    .data;
}

export const chatSettingsQueryOptions = (streamId: string) =>
  queryOptions({
    queryKey: chatKeys.settings(streamId),
    queryFn: ({ signal }) => getChatSettings(streamId, signal),
    // `chat_settings` events keep it current.
    staleTime: Infinity,
  });

export function useUpdateChatSettings(streamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: ChatSettings) => putChatSettings(streamId, settings),
    onSuccess: (settings) => queryClient.setQueryData(chatKeys.settings(streamId), settings),
  });
}
