import { useState, type SubmitEvent } from 'react';
import { FormField } from '@/components/form-field';
import { ApiError, errorMessage } from '@/lib/api-client';
import { displayNameMaxLength } from '@/lib/display-name';
import { session } from '@/lib/session';
import type { User } from '@/types/api';
import {
  fieldOfAccountMessage,
  passwordMinLength,
  validateAccountForm,
  type AccountErrors,
  type AccountField,
  type AccountFormMode,
  type AccountFormValues,
} from '../api/account-rules';

const empty: AccountFormValues = { displayName: '', email: '', password: '' };

/** Signing in, or signing up (which signs in too). The Api's answer is shown next to the field it is about. */
export function AccountForm({ mode, onDone }: { mode: AccountFormMode; onDone: (user: User) => void }) {
  const [values, setValues] = useState(empty);
  const [submitted, setSubmitted] = useState(false);
  const [apiErrors, setApiErrors] = useState<AccountErrors>({});
  const [formError, setFormError] = useState('');
  const [pending, setPending] = useState(false);
  const signUp = mode === 'sign-up';

  // After the first attempt, problems are shown (and cleared) as the person types.
  const errors: AccountErrors = { ...apiErrors, ...(submitted ? validateAccountForm(mode, values) : {}) };

  const change = (field: AccountField) => (value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setApiErrors((current) => ({ ...current, [field]: undefined }));
    setFormError('');
  };

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    setSubmitted(true);
    setFormError('');
    const problems = validateAccountForm(mode, values);
    const first = (['displayName', 'email', 'password'] as const).find((field) => problems[field]);
    if (first) {
      form.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    setPending(true);
    try {
      const email = values.email.trim();
      const user = signUp
        ? await session.register({ email, password: values.password, displayName: values.displayName.trim() })
        : await session.signIn({ email, password: values.password });
      onDone(user);
    } catch (error) {
      const message = errorMessage(error);
      const field = error instanceof ApiError && error.status < 500 && signUp ? fieldOfAccountMessage(message) : undefined;
      if (field) {
        setApiErrors({ [field]: message });
      } else {
        setFormError(message);
      }
      setPending(false);
    }
  };

  return (
    <form className="form panel" onSubmit={(event) => void submit(event)} noValidate>
      {signUp ? (
        <FormField
          label="Display name"
          name="displayName"
          value={values.displayName}
          onChange={change('displayName')}
          error={errors.displayName}
          hint="Others see it when you host or watch."
          maxLength={displayNameMaxLength}
          autoComplete="nickname"
          placeholder="e.g. Ada"
          autoFocus
        />
      ) : null}
      <FormField
        label="Email"
        name="email"
        type="email"
        value={values.email}
        onChange={change('email')}
        error={errors.email}
        autoComplete={signUp ? 'email' : 'username'}
        autoFocus={!signUp}
      />
      <FormField
        label="Password"
        name="password"
        type="password"
        value={values.password}
        onChange={change('password')}
        error={errors.password}
        hint={
          signUp
            ? `At least ${passwordMinLength} characters, with an uppercase and a lowercase letter, a digit and a symbol.`
            : undefined
        }
        autoComplete={signUp ? 'new-password' : 'current-password'}
      />
      {formError ? (
        <p className="form-error" role="alert">
          {formError}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button" disabled={pending}>
          {signUp ? (pending ? 'Creating your account…' : 'Create account') : pending ? 'Signing in…' : 'Sign in'}
        </button>
      </div>
    </form>
  );
}
