import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef } from 'react';
import { formatDateTime } from '@/lib/format';
import type { ChatMessage } from '@/types/api';

export interface ChatMessageListProps {
  messages: ChatMessage[];
  /** Older messages may be loaded (scrolling to the top asks for them). */
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  /** The host's delete button on each message, when given. */
  onDelete?: (message: ChatMessage) => void;
  /** Messages whose delete is under way. */
  deleting?: ReadonlySet<number>;
}

/** Closer than this to the bottom counts as reading the newest: new messages keep it there. */
const stickToBottomPx = 48;
/** Closer than this to the top asks for older messages. */
const loadOlderPx = 64;

/**
 * The messages, oldest at the top, virtualised (only the rows in view are in the DOM, so a long chat stays light).
 * It follows new messages while scrolled to the bottom, keeps its place when older ones are added above, and asks for
 * older ones when scrolled to the top.
 */
export function ChatMessageList({ messages, hasOlder, loadingOlder, onLoadOlder, onDelete, deleting }: ChatMessageListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const shown = useRef<{ first: number | undefined; last: number | undefined }>({ first: undefined, last: undefined });
  // TanStack Virtual's instance changes in place, which React Compiler cannot see; this app does not use the compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 56,
    overscan: 8,
    getItemKey: (index) => messages[index]?.id ?? index,
  });

  const first = messages[0]?.id;
  const last = messages.at(-1)?.id;
  useLayoutEffect(() => {
    const before = shown.current;
    shown.current = { first, last };
    if (messages.length === 0) {
      return;
    }
    if (before.first !== undefined && first !== undefined && first < before.first) {
      // Older messages came in above: keep the one that was at the top where it was.
      const index = messages.findIndex((message) => message.id === before.first);
      if (index > 0) {
        virtualizer.scrollToIndex(index, { align: 'start' });
      }
      return;
    }
    if (last !== before.last && atBottom.current) {
      virtualizer.scrollToIndex(messages.length - 1, { align: 'end' });
    }
  }, [first, last, messages, virtualizer]);

  const onScroll = () => {
    const element = scrollRef.current;
    if (!element) {
      return;
    }
    atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight <= stickToBottomPx;
    if (element.scrollTop <= loadOlderPx && hasOlder && !loadingOlder) {
      onLoadOlder();
    }
  };

  return (
    <div className="chat-scroll" ref={scrollRef} onScroll={onScroll} data-testid="chat-scroll">
      {hasOlder ? (
        <div className="chat-older">
          <button type="button" className="button button-small button-quiet" disabled={loadingOlder} onClick={onLoadOlder}>
            {loadingOlder ? 'Loading older messages…' : 'Load older messages'}
          </button>
        </div>
      ) : null}
      <ol className="chat-rows" aria-label="Chat messages" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const message = messages[item.index];
          if (!message) {
            return null;
          }
          return (
            <li
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              className="chat-message"
              data-testid="chat-message"
              data-message-id={message.id}
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <span className="chat-meta">
                <strong className="chat-author">{message.displayName}</strong>{' '}
                <time className="chat-time" dateTime={message.createdAt} title={formatDateTime(message.createdAt)}>
                  {formatTime(message.createdAt)}
                </time>
                {onDelete ? (
                  <button
                    type="button"
                    className="chat-delete"
                    aria-label={`Delete message from ${message.displayName}`}
                    disabled={deleting?.has(message.id)}
                    onClick={() => onDelete(message)}
                  >
                    Delete
                  </button>
                ) : null}
              </span>
              <span className="chat-text">{message.text}</span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

function formatTime(iso: string): string {
  return timeFormat.format(new Date(iso));
}
