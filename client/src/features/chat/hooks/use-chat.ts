import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useReducer } from 'react';
import { useStreamAnnouncement } from '@/features/livestreams/hooks/stream-announcements';
import type { ChatMessage } from '@/types/api';
import { chatKeys, chatPageSize, chatSettingsQueryOptions, getChatPage } from '../api/chat';
import { mergeChat } from '../api/chat-rules';

interface LiveChat {
  /** Messages from the stream's events and one's own posts, in arrival order. */
  messages: ChatMessage[];
  deleted: ReadonlySet<number>;
}

type LiveChatAction = { kind: 'message'; message: ChatMessage } | { kind: 'deleted'; id: number };

function liveChatReducer(current: LiveChat, action: LiveChatAction): LiveChat {
  switch (action.kind) {
    case 'message':
      return current.messages.some((message) => message.id === action.message.id)
        ? current
        : { ...current, messages: [...current.messages, action.message] };
    case 'deleted':
      return current.deleted.has(action.id) ? current : { ...current, deleted: new Set([...current.deleted, action.id]) };
  }
}

const initialLiveChat: LiveChat = { messages: [], deleted: new Set() };

/**
 * A stream's chat as the page shows it: history on open (older pages on demand), live messages from the stream's events
 * (`chat_message`, each once even when the history has it too), deletions (`chat_message_deleted`), the settings
 * (`chat_settings`); a `resync` reloads the history and the settings.
 */
export function useChat(streamId: string) {
  const queryClient = useQueryClient();
  const [live, dispatch] = useReducer(liveChatReducer, initialLiveChat);
  const history = useInfiniteQuery({
    queryKey: chatKeys.messages(streamId),
    queryFn: ({ pageParam, signal }) => getChatPage(streamId, pageParam, signal),
    initialPageParam: undefined as number | undefined,
    // A full page may have older ones before it; its first is the oldest.
    getNextPageParam: (page) => (page.length >= chatPageSize ? page[0]?.id : undefined),
    // The events keep it current; a resync reloads it.
    staleTime: Infinity,
  });
  const settings = useQuery(chatSettingsQueryOptions(streamId));

  useStreamAnnouncement((announcement) => {
    switch (announcement.type) {
      case 'chat_message':
        dispatch({ kind: 'message', message: announcement.data });
        break;
      case 'chat_message_deleted':
        dispatch({ kind: 'deleted', id: announcement.data.id });
        break;
      case 'chat_settings':
        // Newer than any answer still on its way.
        void queryClient.cancelQueries({ queryKey: chatKeys.settings(streamId) });
        queryClient.setQueryData(chatKeys.settings(streamId), announcement.data);
        break;
      case 'resync':
        void queryClient.invalidateQueries({ queryKey: chatKeys.all(streamId) });
        break;
    }
  });

  const pages = history.data?.pages;
  const messages = useMemo(() => mergeChat(pages ?? [], live.messages, live.deleted), [pages, live]);

  return {
    messages,
    history,
    settings: settings.data,
    /** One's own message, shown at once (its event comes too, and is not shown twice). */
    addMessage: (message: ChatMessage) => dispatch({ kind: 'message', message }),
    markDeleted: (id: number) => dispatch({ kind: 'deleted', id }),
  };
}

export type ChatState = ReturnType<typeof useChat>;
