import { validateDisplayName } from '@/lib/display-name';

// What the Api checks when an account is created (Favorited.Api/Identity: ASP.NET Core Identity's defaults with
// passwords of at least 8 characters), checked here first so the form can say what is wrong next to each field.

export type AccountField = 'displayName' | 'email' | 'password';
export type AccountFormValues = Record<AccountField, string>;
export type AccountErrors = Partial<Record<AccountField, string>>;
export type AccountFormMode = 'sign-in' | 'sign-up';

export const passwordMinLength = 8;

/**
 * What a new password lacks, by Identity's rules: its letters and digits are ASCII only, so "é" counts as a symbol
 * (non-alphanumeric) and not as a lowercase letter.
 */
export function missingFromPassword(password: string): string[] {
  const missing: string[] = [];
  if (password.length < passwordMinLength) {
    missing.push(`at least ${passwordMinLength} characters`);
  }
  if (!/[A-Z]/.test(password)) {
    missing.push('an uppercase letter');
  }
  if (!/[a-z]/.test(password)) {
    missing.push('a lowercase letter');
  }
  if (!/[0-9]/.test(password)) {
    missing.push('a digit');
  }
  if (!/[^A-Za-z0-9]/.test(password)) {
    missing.push('a symbol');
  }
  return missing;
}

/** Every field's problem at once. Signing in checks only that something was typed: the Api judges the rest. */
export function validateAccountForm(mode: AccountFormMode, values: AccountFormValues): AccountErrors {
  const errors: AccountErrors = {};
  const email = values.email.trim();
  if (!email) {
    errors.email = 'Email is required';
  } else if (mode === 'sign-up' && !looksLikeEmail(email)) {
    errors.email = 'Enter an email address, like ada@example.com';
  }
  if (!values.password) {
    errors.password = 'Password is required';
  } else if (mode === 'sign-up') {
    const missing = missingFromPassword(values.password);
    if (missing.length > 0) {
      errors.password = `Password needs ${joinWords(missing)}`;
    }
  }
  if (mode === 'sign-up') {
    const problem = validateDisplayName(values.displayName);
    if (problem) {
      errors.displayName = problem;
    }
  }
  return errors;
}

/** Which field an Api message is about (Identity's own words included), or undefined for the form as a whole. */
export function fieldOfAccountMessage(message: string): AccountField | undefined {
  if (/^(Email|Username|An account with this email)/.test(message)) {
    return 'email';
  }
  if (/^Password/.test(message)) {
    return 'password';
  }
  if (/^Display name/.test(message)) {
    return 'displayName';
  }
  return undefined;
}

/** As .NET's EmailAddressAttribute, which Identity uses: one "@", neither first nor last. */
function looksLikeEmail(email: string): boolean {
  const at = email.indexOf('@');
  return at > 0 && at < email.length - 1 && at === email.lastIndexOf('@');
}

function joinWords(words: string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`;
}
