import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyInviteForm, fieldOfInviteMessage, inviteLimits, validateInviteForm } from './invite-rules';

const now = new Date('2026-03-01T12:00:00.000Z').getTime();

describe('validateInviteForm', () => {
  it('sends only allowGuests when nothing else is filled in', () => {
    expect(validateInviteForm(emptyInviteForm, false, now)).toEqual({ errors: {}, input: { allowGuests: false } });
  });

  it('turns the local expiry into an ISO time and max uses into a number', () => {
    const { input } = validateInviteForm({ expiresAt: '2026-03-02T09:30', maxUses: ' 10 ' }, true, now);
    expect(input).toEqual({ allowGuests: true, maxUses: 10, expiresAt: new Date('2026-03-02T09:30').toISOString() });
  });

  it.each([
    [{ expiresAt: '2026-02-28T12:00', maxUses: '' }, 'expiresAt', 'Expiry must be in the future'],
    [{ expiresAt: '2027-06-01T12:00', maxUses: '' }, 'expiresAt', 'Expiry must be within a year'],
    [{ expiresAt: 'soon', maxUses: '' }, 'expiresAt', 'Expiry must be a date and time'],
    [{ expiresAt: '', maxUses: '0' }, 'maxUses', 'Max uses must be a whole number from 1 to 100000'],
    [{ expiresAt: '', maxUses: '100001' }, 'maxUses', 'Max uses must be a whole number from 1 to 100000'],
    [{ expiresAt: '', maxUses: '2.5' }, 'maxUses', 'Max uses must be a whole number from 1 to 100000'],
  ])('refuses %j', (values, field, message) => {
    const { errors, input } = validateInviteForm(values, false, now);
    expect(input).toBeUndefined();
    expect(errors).toEqual({ [field]: message });
  });
});

describe('fieldOfInviteMessage', () => {
  it.each([
    ['expiresAt must be in the future', 'expiresAt'],
    ['maxUses must be between 1 and 100000', 'maxUses'],
    ['Only private livestreams take invites: anyone may watch a public one', undefined],
  ])('puts %j next to %s', (message, field) => {
    expect(fieldOfInviteMessage(message)).toBe(field);
  });
});

describe('the limits mirror the Api', () => {
  it('has the invite request’s numbers', () => {
    const file = path.resolve(import.meta.dirname, '../../../../../Favorited.Api/Invites/InviteRequests.cs');
    const source = readFileSync(file, 'utf8');
    expect(source).toContain(`MaxMaxUses = ${inviteLimits.maxUses.max.toLocaleString('en-US').replace(/,/g, '_')};`);
    expect(source).toContain(`TimeSpan.FromDays(${inviteLimits.maxLifetimeDays})`);
  });
});
