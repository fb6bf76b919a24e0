import { useState, type SubmitEvent } from 'react';
import { FormField, FormFooter } from '@/components/form-field';
import { useForm } from '@/hooks/use-form';
import { displayNameMaxLength } from '@/lib/display-name';
import { session } from '@/lib/session';
import type { User } from '@/types/api';
import {
  fieldOfAccountMessage,
  passwordMinLength,
  validateAccountForm,
  type AccountFormMode,
  type AccountFormValues,
} from '../api/account-rules';

const empty: AccountFormValues = { displayName: '', email: '', password: '' };

/** Signing in, or signing up (which signs in too). The Api's answer is shown next to the field it is about. */
export function AccountForm({ mode, onDone }: { mode: AccountFormMode; onDone: (user: User) => void }) {
  const signUp = mode === 'sign-up';
  const form = useForm({
    initial: empty,
    validate: (values) => validateAccountForm(mode, values),
    // Signing in says only "Invalid email or password", about neither field alone.
    fieldOfMessage: signUp ? fieldOfAccountMessage : () => undefined,
  });
  const [pending, setPending] = useState(false);

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.check(event.currentTarget)) {
      return;
    }
    const { values } = form;
    const email = values.email.trim();
    setPending(true);
    try {
      const user = signUp
        ? await session.register({ email, password: values.password, displayName: values.displayName.trim() })
        : await session.signIn({ email, password: values.password });
      onDone(user);
    } catch (error) {
      form.fail(error);
      setPending(false);
    }
  };

  return (
    <form className="form panel" onSubmit={(event) => void submit(event)} noValidate>
      {signUp ? (
        <FormField
          label="Display name"
          {...form.field('displayName')}
          hint="Others see it when you host or watch."
          maxLength={displayNameMaxLength}
          autoComplete="nickname"
          placeholder="e.g. Ada"
          autoFocus
        />
      ) : null}
      <FormField
        label="Email"
        {...form.field('email')}
        type="email"
        autoComplete={signUp ? 'email' : 'username'}
        autoFocus={!signUp}
      />
      <FormField
        label="Password"
        {...form.field('password')}
        type="password"
        hint={
          signUp
            ? `At least ${passwordMinLength} characters, with an uppercase and a lowercase letter, a digit and a symbol.`
            : undefined
        }
        autoComplete={signUp ? 'new-password' : 'current-password'}
      />
      <FormFooter
        error={form.formError}
        pending={pending}
        label={signUp ? 'Create account' : 'Sign in'}
        pendingLabel={signUp ? 'Creating your account…' : 'Signing in…'}
      />
    </form>
  );
}
