import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorMessage } from '@/components/error-message';
import { Loading } from '@/components/loading';
import { errorMessage } from '@/lib/api-client';
import type { ChatSettings } from '@/types/api';
import { deleteChatMessage, useUpdateChatSettings } from '../api/chat';
import { chatBlockReason } from '../api/chat-rules';
import { useChat } from '../hooks/use-chat';
import { ChatComposer } from './chat-composer';
import { ChatMessageList } from './chat-message-list';

export interface ChatPanelProps {
  streamId: string;
  /** The stream's creator: deletes messages and turns chat (and guests' chat) on and off. */
  isHost: boolean;
  /** This person's session is joined (only then may they post). */
  joined: boolean;
  isGuest: boolean;
  banned: boolean;
  /** Ended streams keep their chat to read; nobody posts. */
  ended: boolean;
}

/** The stream's chat: history, live messages, the box to write in, and the host's controls. */
export function ChatPanel({ streamId, isHost, joined, isGuest, banned, ended }: ChatPanelProps) {
  const chat = useChat(streamId);
  const [deleting, setDeleting] = useState<ReadonlySet<number>>(new Set());
  const remove = useMutation({
    mutationFn: (messageId: number) => deleteChatMessage(streamId, messageId),
    onMutate: (messageId) => setDeleting((current) => new Set([...current, messageId])),
    onSuccess: (deleted) => chat.markDeleted(deleted.id),
    onSettled: (_data, _error, messageId) =>
      setDeleting((current) => new Set([...current].filter((id) => id !== messageId))),
  });
  const { history, settings } = chat;
  const blockedReason = ended ? 'This livestream has ended.' : chatBlockReason({ joined, isGuest, banned, settings });

  return (
    <section className="panel chat" aria-labelledby="chat-title" data-testid="chat-panel">
      <div className="chat-head">
        <h2 className="panel-title" id="chat-title">
          Chat
        </h2>
        {settings ? <ChatStatus settings={settings} /> : null}
      </div>
      {isHost && settings && !ended ? <ChatSettingsControls streamId={streamId} settings={settings} /> : null}
      {history.isPending ? (
        <Loading label="Loading the chat…" />
      ) : history.isError ? (
        <ErrorMessage title="Could not load the chat">
          {errorMessage(history.error)}{' '}
          <button type="button" className="button button-small button-quiet" onClick={() => void history.refetch()}>
            Try again
          </button>
        </ErrorMessage>
      ) : chat.messages.length === 0 && !history.hasNextPage ? (
        <p className="muted chat-empty">No messages yet.</p>
      ) : (
        <ChatMessageList
          messages={chat.messages}
          hasOlder={history.hasNextPage}
          loadingOlder={history.isFetchingNextPage}
          onLoadOlder={() => void history.fetchNextPage()}
          onDelete={isHost ? (message) => remove.mutate(message.id) : undefined}
          deleting={deleting}
        />
      )}
      {remove.isError ? (
        <p className="field-error" role="alert">
          Could not delete the message: {errorMessage(remove.error)}
        </p>
      ) : null}
      {history.isFetchNextPageError ? (
        <p className="field-error" role="alert">
          Could not load older messages: {errorMessage(history.error)}
        </p>
      ) : null}
      <ChatComposer streamId={streamId} blockedReason={blockedReason} onPosted={chat.addMessage} />
    </section>
  );
}

function ChatStatus({ settings }: { settings: ChatSettings }) {
  if (!settings.enabled) {
    return (
      <span className="tag" data-testid="chat-status">
        chat off
      </span>
    );
  }
  return settings.guestsMayChat ? null : (
    <span className="tag" data-testid="chat-status">
      accounts only
    </span>
  );
}

/** The host's switches: chat on or off, and whether guests may chat. */
function ChatSettingsControls({ streamId, settings }: { streamId: string; settings: ChatSettings }) {
  const update = useUpdateChatSettings(streamId);
  return (
    <div className="chat-settings">
      <button
        type="button"
        className="button button-small button-quiet toggle"
        aria-pressed={settings.enabled}
        disabled={update.isPending}
        onClick={() => update.mutate({ ...settings, enabled: !settings.enabled })}
      >
        {settings.enabled ? 'Turn chat off' : 'Turn chat on'}
      </button>
      <label className="choice">
        <input
          type="checkbox"
          checked={settings.guestsMayChat}
          disabled={update.isPending}
          onChange={(event) => update.mutate({ ...settings, guestsMayChat: event.target.checked })}
        />
        <span>Guests may chat</span>
      </label>
      {update.isError ? <span className="field-error">{errorMessage(update.error)}</span> : null}
    </div>
  );
}
