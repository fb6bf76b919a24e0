import type { CreateInviteInput } from '@/types/api';

// The Api's checks of a new invite (Favorited.Api/Invites/InviteRequests.cs), made before sending.
export const inviteLimits = {
  maxUses: { min: 1, max: 100_000 },
  maxLifetimeDays: 365,
} as const;

export type InviteField = 'expiresAt' | 'maxUses';

/** As typed: expiresAt from a datetime-local input (local time, "2026-05-01T18:30"), maxUses as text; both optional. */
export type InviteFormValues = Record<InviteField, string>;

export const emptyInviteForm: InviteFormValues = { expiresAt: '', maxUses: '' };

/** Every problem at once, and the request when there is none. */
export function validateInviteForm(
  values: InviteFormValues,
  allowGuests: boolean,
  now: number = Date.now(),
): { errors: Partial<Record<InviteField, string>>; input?: CreateInviteInput } {
  const errors: Partial<Record<InviteField, string>> = {};
  const input: CreateInviteInput = { allowGuests };

  if (values.expiresAt.trim()) {
    const expires = new Date(values.expiresAt).getTime();
    if (Number.isNaN(expires)) {
      errors.expiresAt = 'Expiry must be a date and time';
    } else if (expires <= now) {
      errors.expiresAt = 'Expiry must be in the future';
    } else if (expires > now + inviteLimits.maxLifetimeDays * 86_400_000) {
      errors.expiresAt = 'Expiry must be within a year';
    } else {
      input.expiresAt = new Date(expires).toISOString();
    }
  }

  const maxUses = values.maxUses.trim();
  if (maxUses) {
    const { min, max } = inviteLimits.maxUses;
    const n = /^\d+$/.test(maxUses) ? Number(maxUses) : Number.NaN;
    if (!(n >= min && n <= max)) {
      errors.maxUses = `Max uses must be a whole number from ${min} to ${max}`;
    } else {
      input.maxUses = n;
    }
  }

  return Object.keys(errors).length > 0 ? { errors } : { errors, input };
}

/** Which field an Api message is about ("expiresAt must be in the future", "maxUses must be between …"). */
export function fieldOfInviteMessage(message: string): InviteField | undefined {
  if (message.startsWith('expiresAt')) {
    return 'expiresAt';
  }
  return message.startsWith('maxUses') ? 'maxUses' : undefined;
}
