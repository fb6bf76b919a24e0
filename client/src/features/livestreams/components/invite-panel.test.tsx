import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Invite } from '@/types/api';
import { ada, type RecordedCall } from '@/testing/fake-auth-api';
import { setUpFakeAuthApi, signInAs } from '@/testing/session';
import { jsonResponse, renderPage } from '@/testing/test-utils';
import { InvitePanel } from './invite-panel';

const streamId = 's1';

function invite(overrides: Partial<Invite> = {}): Invite {
  return {
    id: 'i1',
    livestreamId: streamId,
    code: 'code1',
    state: 'Active',
    expiresAt: null,
    maxUses: null,
    uses: 0,
    allowGuests: false,
    revokedAt: null,
    createdAt: '2026-01-01T10:00:00.000Z',
    ...overrides,
  };
}

describe('InvitePanel', () => {
  const auth = setUpFakeAuthApi();
  let invites: Invite[];
  const sent = (method: string) => auth.api.calls.filter((call) => call.method === method && call.path.includes('/invites'));

  beforeEach(async () => {
    invites = [
      invite({ id: 'i2', code: 'used', state: 'UsedUp', maxUses: 2, uses: 2 }),
      invite({ id: 'i1', code: 'code1', uses: 1, allowGuests: true }),
    ];
    auth.api.route = (call: RecordedCall) => {
      if (call.path !== `/livestreams/${streamId}/invites` && !call.path.startsWith(`/livestreams/${streamId}/invites/`)) {
        return undefined;
      }
      if (call.method === 'GET') {
        return jsonResponse(200, { success: true, count: invites.length, data: invites });
      }
      if (call.method === 'POST') {
        const body = call.body as { maxUses?: number; allowGuests?: boolean; expiresAt?: string };
        const made = invite({ id: 'i3', code: 'fresh', maxUses: body.maxUses ?? null, allowGuests: body.allowGuests ?? false, expiresAt: body.expiresAt ?? null });
        return jsonResponse(201, { success: true, data: made });
      }
      const revoked = invites.find((item) => call.path.endsWith(`/${item.id}`));
      return jsonResponse(200, { success: true, data: { ...revoked, state: 'Revoked', revokedAt: '2026-01-01T11:00:00.000Z' } });
    };
    await signInAs(auth.api, ada);
  });

  const open = () => renderPage(<InvitePanel streamId={streamId} />);
  const items = () => screen.getAllByTestId('invite');

  it('lists the invites with their state, uses and expiry, with the creator’s token', async () => {
    open();
    await vi.waitFor(() => expect(items()).toHaveLength(2));
    expect(items()[0]?.textContent).toContain('Used up');
    expect(items()[0]?.textContent).toContain('2 of 2 used');
    expect(within(items()[0] as HTMLElement).queryByRole('button', { name: 'Copy link' })).toBeNull();
    expect(items()[1]?.textContent).toContain(`${window.location.origin}/invites/code1`);
    expect(items()[1]?.textContent).toMatch(/Active · 1 used · never expires · guests allowed/);
    expect(auth.api.userOf(sent('GET')[0]?.token)).toEqual(ada);
  });

  it('checks max uses before sending, then creates an invite that allows guests and shows it first', async () => {
    const { user } = open();
    await vi.waitFor(() => expect(items()).toHaveLength(2));
    await user.type(screen.getByLabelText(/Max uses/), '0');
    await user.click(screen.getByRole('button', { name: 'Create invite' }));
    expect(screen.getByText('Max uses must be a whole number from 1 to 100000')).toBeTruthy();
    expect(sent('POST')).toHaveLength(0);

    await user.clear(screen.getByLabelText(/Max uses/));
    await user.type(screen.getByLabelText(/Max uses/), '5');
    await user.click(screen.getByRole('checkbox', { name: /Allow guests/ }));
    await user.click(screen.getByRole('button', { name: 'Create invite' }));
    await vi.waitFor(() => expect(items()).toHaveLength(3));
    expect(sent('POST')[0]?.body).toEqual({ maxUses: 5, allowGuests: true });
    expect(items()[0]?.textContent).toContain('0 of 5 used');
  });

  it('sends an expiry as an ISO time', async () => {
    const { user } = open();
    await vi.waitFor(() => expect(items()).toHaveLength(2));
    const tomorrow = new Date(Date.now() + 86_400_000);
    const local = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await user.type(screen.getByLabelText(/Expires/), local);
    await user.click(screen.getByRole('button', { name: 'Create invite' }));
    await vi.waitFor(() => expect(sent('POST')).toHaveLength(1));
    const body = sent('POST')[0]?.body as { expiresAt: string };
    expect(new Date(body.expiresAt).getTime()).toBe(new Date(local).getTime());
  });

  it('copies the link with the Clipboard API', async () => {
    const { user } = open();
    // After user-event's set-up, which puts its own clipboard in place.
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    await vi.waitFor(() => expect(items()).toHaveLength(2));
    await user.click(screen.getByRole('button', { name: 'Copy link' }));
    expect(writeText).toHaveBeenCalledWith(`${window.location.origin}/invites/code1`);
    expect(screen.getByRole('button', { name: 'Copied' })).toBeTruthy();
  });

  it('shows the link selected when the clipboard is refused', async () => {
    const { user } = open();
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'));
    await vi.waitFor(() => expect(items()).toHaveLength(2));
    await user.click(screen.getByRole('button', { name: 'Copy link' }));
    const field = await screen.findByRole<HTMLInputElement>('textbox', { name: 'Invite link (copy it)' });
    expect(field.value).toBe(`${window.location.origin}/invites/code1`);
    expect(document.activeElement).toBe(field);
    expect([field.selectionStart, field.selectionEnd]).toEqual([0, field.value.length]);
  });

  it('revokes only once confirmed', async () => {
    const { user } = open();
    await vi.waitFor(() => expect(items()).toHaveLength(2));
    await user.click(screen.getByRole('button', { name: 'Revoke' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(sent('DELETE')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Revoke' }));
    await user.click(screen.getByRole('button', { name: 'Yes, revoke' }));
    await vi.waitFor(() => expect(items()[1]?.getAttribute('data-state')).toBe('Revoked'));
    expect(sent('DELETE')[0]?.path).toBe(`/livestreams/${streamId}/invites/i1`);
    expect(screen.queryByRole('button', { name: 'Revoke' })).toBeNull();
  });
});
