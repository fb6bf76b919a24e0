import { useState } from 'react';
import { ApiError, errorMessage } from '@/lib/api-client';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export interface FormOptions<F extends string> {
  initial: Record<F, string>;
  /** Every field's problem at once, as the Api would see them. */
  validate: (values: Record<F, string>) => FieldErrors<F>;
  /** Which field an Api message is about, or undefined for the form as a whole. */
  fieldOfMessage: (message: string) => F | undefined;
}

/**
 * A form of text fields checked before sending: problems show once the person tried to send, then clear as they type;
 * the Api's answer goes next to the field it is about.
 */
export function useForm<F extends string>({ initial, validate, fieldOfMessage }: FormOptions<F>) {
  const [values, setValues] = useState(initial);
  const [submitted, setSubmitted] = useState(false);
  const [apiErrors, setApiErrors] = useState<FieldErrors<F>>({});
  const [formError, setFormError] = useState('');
  const errors: FieldErrors<F> = { ...apiErrors, ...(submitted ? validate(values) : {}) };

  /** What a FormField needs: spread it, `<FormField label="…" {...form.field('title')} />`. */
  const field = (name: F) => ({
    name,
    value: values[name],
    error: errors[name],
    onChange: (value: string) => {
      setValues((current) => ({ ...current, [name]: value }));
      setApiErrors((current) => ({ ...current, [name]: undefined }));
      setFormError('');
    },
  });

  /** On submit: true when every field is fine; else the first field with a problem (in the page's order) gets the focus. */
  const check = (form: HTMLFormElement): boolean => {
    setSubmitted(true);
    setFormError('');
    const problems = validate(values);
    const invalid = (element: Element) => Boolean(problems[(element as HTMLInputElement).name as F]);
    const first = Array.from(form.elements).find(invalid);
    if (first instanceof HTMLElement) {
      first.focus();
    }
    return Object.values(problems).every((problem) => !problem);
  };

  /** A failed send: next to its field when the Api (a 4xx) says which, else for the whole form. */
  const fail = (error: unknown) => {
    const message = errorMessage(error);
    const name = error instanceof ApiError && error.status < 500 ? fieldOfMessage(message) : undefined;
    if (name) {
      setApiErrors({ [name]: message } as FieldErrors<F>);
    } else {
      setFormError(message);
    }
  };

  return { values, errors, formError, field, check, fail };
}
