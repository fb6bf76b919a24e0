import { useMutation } from '@tanstack/react-query';
import { useId, useState, type SubmitEvent } from 'react';
import type { ChatMessage } from '@/types/api';
import { postChatMessage } from '../api/chat';
import { chatMaxLength, describePostError, validateChatText } from '../api/chat-rules';

export interface ChatComposerProps {
  streamId: string;
  /** Why this person may not post now; the box is disabled and says so. */
  blockedReason: string | undefined;
  onPosted: (message: ChatMessage) => void;
}

/** The box to write in: checked as the Api checks it, Enter sends, the Api's refusals (too fast, too long) shown. */
export function ChatComposer({ streamId, blockedReason, onPosted }: ChatComposerProps) {
  const id = useId();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState('');
  const post = useMutation({ mutationFn: (message: string) => postChatMessage(streamId, message) });
  const disabled = blockedReason !== undefined;

  const send = () => {
    if (disabled || post.isPending) {
      return;
    }
    const invalid = validateChatText(text);
    if (invalid) {
      setProblem(invalid);
      return;
    }
    setProblem('');
    post.mutate(text.trim(), {
      onSuccess: (message) => {
        setText('');
        onPosted(message);
      },
      onError: (error) => setProblem(describePostError(error)),
    });
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    send();
  };

  const length = text.trim().length;
  return (
    <form className="chat-composer" onSubmit={submit} noValidate aria-label="Send a chat message">
      <label htmlFor={id} className="visually-hidden">
        Message
      </label>
      <textarea
        id={id}
        name="text"
        rows={2}
        value={text}
        disabled={disabled}
        placeholder={disabled ? '' : 'Say something…'}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-foot`}
        onChange={(event) => {
          setText(event.target.value);
          setProblem('');
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            send();
          }
        }}
      />
      <div className="chat-composer-foot" id={`${id}-foot`}>
        {disabled ? (
          <span className="field-hint" data-testid="chat-blocked">
            {blockedReason}
          </span>
        ) : problem ? (
          <span className="field-error" role="alert">
            {problem}
          </span>
        ) : (
          <span className={`counter${length > chatMaxLength ? ' counter-over' : ''}`}>
            {length}/{chatMaxLength}
          </span>
        )}
        <button type="submit" className="button button-small" disabled={disabled || post.isPending}>
          {post.isPending ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
}
