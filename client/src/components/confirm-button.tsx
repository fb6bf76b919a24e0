import { useState } from 'react';
import { errorMessage } from '@/lib/api-client';

export interface ConfirmButtonProps {
  /** The button that asks first. */
  label: string;
  /** What is asked. */
  question: string;
  confirmLabel: string;
  pendingLabel: string;
  /** Whether the action is under way, and how it failed. */
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  /** The buttons' extra class (e.g. "button-small"); the first one's look until it is pressed. */
  size?: string;
  quiet?: boolean;
}

/** A destructive action behind a second press: the button, then the question with Yes and Cancel, and any failure. */
export function ConfirmButton({ label, question, confirmLabel, pendingLabel, pending, error, onConfirm, size = '', quiet }: ConfirmButtonProps) {
  const [confirming, setConfirming] = useState(false);
  const sized = (classes: string) => `button ${classes}${size ? ` ${size}` : ''}`;
  if (!confirming) {
    return (
      <button type="button" className={sized(quiet ? 'button-quiet' : 'button-danger')} onClick={() => setConfirming(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm">
      <span>{question}</span>
      <button type="button" className={sized('button-danger')} disabled={pending} onClick={onConfirm}>
        {pending ? pendingLabel : confirmLabel}
      </button>
      <button type="button" className={sized('button-quiet')} disabled={pending} onClick={() => setConfirming(false)}>
        Cancel
      </button>
      {error ? <span className="field-error">{errorMessage(error)}</span> : null}
    </span>
  );
}
