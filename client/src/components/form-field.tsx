import { useId, type ReactNode } from 'react';

export interface FormFieldProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  /** Shown instead of the hint, and marks the field invalid. */
  error?: string;
  hint?: ReactNode;
  /** Shows a counter (the limit is checked by the form, not enforced while typing). */
  maxLength?: number;
  placeholder?: string;
  /** A textarea of this many rows. */
  rows?: number;
  optional?: boolean;
  autoFocus?: boolean;
  type?: 'text' | 'email' | 'password' | 'datetime-local';
  autoComplete?: string;
  inputMode?: 'numeric';
}

/** One labelled field with its hint or error below (linked with aria-describedby), as every form shows them. */
export function FormField({ label, name, value, onChange, error, hint, maxLength, rows, optional, type = 'text', ...rest }: FormFieldProps) {
  const id = useId();
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  const common = {
    id,
    name,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    ...rest,
  };
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {optional ? <span className="optional"> (optional)</span> : null}
      </label>
      {rows ? (
        <textarea {...common} rows={rows} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type={type} onChange={(e) => onChange(e.target.value)} />
      )}
      <div className="field-foot">
        {error ? (
          <span className="field-error" id={`${id}-error`}>
            {error}
          </span>
        ) : hint ? (
          <span className="field-hint" id={`${id}-hint`}>
            {hint}
          </span>
        ) : (
          <span />
        )}
        {maxLength ? (
          <span className={`counter${value.length > maxLength ? ' counter-over' : ''}`}>
            {value.length}/{maxLength}
          </span>
        ) : null}
      </div>
    </div>
  );
}

/** Under a form: what went wrong with it as a whole (the Api's answer), and the submit button. */
export function FormFooter({ error, pending, label, pendingLabel }: { error: string; pending: boolean; label: string; pendingLabel: string }) {
  return (
    <>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button" disabled={pending}>
          {pending ? pendingLabel : label}
        </button>
      </div>
    </>
  );
}
