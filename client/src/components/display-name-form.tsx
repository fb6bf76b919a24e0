import { useId, useState, type SubmitEvent } from 'react';
import { displayNameMaxLength, validateDisplayName } from '@/lib/identity';

/** One display-name field with the Api's limits, used wherever a name is chosen. */
export function DisplayNameForm({
  initial = '',
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial?: string;
  submitLabel: string;
  onSubmit: (displayName: string) => void;
  onCancel?: () => void;
}) {
  const id = useId();
  const [name, setName] = useState(initial);
  const [error, setError] = useState('');

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const problem = validateDisplayName(name);
    if (problem) {
      setError(problem);
      return;
    }
    onSubmit(name.trim());
  };

  return (
    <form className="name-form" onSubmit={submit} noValidate>
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
        <button type="submit" className="button">
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
        <span className="field-hint">Up to {displayNameMaxLength} characters; others see it when you join.</span>
      )}
    </form>
  );
}
