import { useId, useState, type SubmitEvent } from 'react';
import { errorMessage } from '@/lib/api-client';
import { displayNameMaxLength, validateDisplayName } from '@/lib/display-name';

/** One display-name field with the Api's limits; a failed submit (the promise rejects) shows why. */
export function DisplayNameForm({
  initial = '',
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial?: string;
  submitLabel: string;
  onSubmit: (displayName: string) => Promise<void>;
  onCancel?: () => void;
}) {
  const id = useId();
  const [name, setName] = useState(initial);
  const [error, setError] = useState('');
  const [pending, setPending] = useState(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const problem = validateDisplayName(name);
    if (problem) {
      setError(problem);
      return;
    }
    setPending(true);
    try {
      await onSubmit(name.trim());
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setPending(false);
    }
  };

  return (
    <form className="name-form" onSubmit={(event) => void submit(event)} noValidate>
      <label htmlFor={id}>Display name</label>
      <div className="name-form-row">
        <input
          id={id}
          name="displayName"
          value={name}
          autoFocus
          autoComplete="nickname"
          placeholder="e.g. Ada"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => {
            setName(event.target.value);
            setError('');
          }}
        />
        <button type="submit" className="button" disabled={pending}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button button-quiet" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
      {error ? (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      ) : (
        <span className="field-hint">Up to {displayNameMaxLength} characters; others see it when you host or watch.</span>
      )}
    </form>
  );
}
