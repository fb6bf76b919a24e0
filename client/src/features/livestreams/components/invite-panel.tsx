import { useState, type SubmitEvent } from 'react';
import { ConfirmButton } from '@/components/confirm-button';
import { ErrorMessage } from '@/components/error-message';
import { FormField, FormFooter } from '@/components/form-field';
import { Loading } from '@/components/loading';
import { useForm } from '@/hooks/use-form';
import { errorMessage } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format';
import type { Invite, InviteState } from '@/types/api';
import { inviteLimits, emptyInviteForm, fieldOfInviteMessage, validateInviteForm } from '../api/invite-rules';
import { inviteLink, useCreateInvite, useInvites, useRevokeInvite } from '../api/invites';

const stateLabels: Record<InviteState, string> = {
  Active: 'Active',
  Expired: 'Expired',
  Revoked: 'Revoked',
  UsedUp: 'Used up',
};

/** A private stream's invites, for its creator: make one, copy its link, revoke it. */
export function InvitePanel({ streamId }: { streamId: string }) {
  const invites = useInvites(streamId);
  return (
    <section className="panel" aria-labelledby="invites-title" data-testid="invite-panel">
      <h2 className="panel-title" id="invites-title">
        Invites
      </h2>
      <p className="muted">This livestream is private: only people who open one of your invite links can watch.</p>
      <CreateInviteForm streamId={streamId} />
      {invites.isPending ? (
        <Loading label="Loading invites…" />
      ) : invites.isError ? (
        <ErrorMessage title="Could not load the invites">{errorMessage(invites.error)}</ErrorMessage>
      ) : invites.data.length === 0 ? (
        <p className="muted">No invites yet.</p>
      ) : (
        <ul className="invite-list" aria-label="Invites">
          {invites.data.map((invite) => (
            <InviteItem key={invite.id} invite={invite} streamId={streamId} />
          ))}
        </ul>
      )}
    </section>
  );
}

function CreateInviteForm({ streamId }: { streamId: string }) {
  const create = useCreateInvite(streamId);
  const [allowGuests, setAllowGuests] = useState(false);
  const form = useForm({
    initial: emptyInviteForm,
    validate: (values) => validateInviteForm(values, allowGuests).errors,
    fieldOfMessage: fieldOfInviteMessage,
  });

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { input } = validateInviteForm(form.values, allowGuests);
    if (!form.check(event.currentTarget) || !input) {
      return;
    }
    create.mutate(input, { onError: form.fail });
  };

  return (
    <form className="invite-form" onSubmit={submit} noValidate aria-label="New invite">
      <FormField label="Expires" type="datetime-local" {...form.field('expiresAt')} hint="Empty: never" optional />
      <FormField
        label="Max uses"
        {...form.field('maxUses')}
        inputMode="numeric"
        hint={`Empty: no limit (at most ${inviteLimits.maxUses.max})`}
        optional
      />
      <label className="choice">
        <input type="checkbox" checked={allowGuests} onChange={(event) => setAllowGuests(event.target.checked)} />
        <span>Allow guests (people without an account)</span>
      </label>
      <FormFooter error={form.formError} pending={create.isPending} label="Create invite" pendingLabel="Creating…" />
    </form>
  );
}

function InviteItem({ invite, streamId }: { invite: Invite; streamId: string }) {
  const link = inviteLink(invite.code);
  const active = invite.state === 'Active';
  return (
    <li className="invite" data-testid="invite" data-state={invite.state}>
      <span className="invite-link">{link}</span>
      <span>
        <span className={`invite-state invite-state-${invite.state.toLowerCase()}`}>{stateLabels[invite.state]}</span>
        {' · '}
        <span data-testid="invite-uses">
          {invite.maxUses === null ? `${invite.uses} used` : `${invite.uses} of ${invite.maxUses} used`}
        </span>
        {' · '}
        {invite.expiresAt ? `${invite.state === 'Expired' ? 'expired' : 'expires'} ${formatDateTime(invite.expiresAt)}` : 'never expires'}
        {' · '}
        {invite.allowGuests ? 'guests allowed' : 'accounts only'}
      </span>
      {active ? (
        <span className="invite-actions">
          <CopyLink link={link} />
          <RevokeButton streamId={streamId} inviteId={invite.id} />
        </span>
      ) : null}
    </li>
  );
}

/** Copies with the Clipboard API; where that is missing or refused, shows the link selected, to copy by hand. */
function CopyLink({ link }: { link: string }) {
  const [outcome, setOutcome] = useState<'idle' | 'copied' | 'manual'>('idle');
  const copy = async () => {
    // Missing outside secure contexts (undefined then, whatever its type says).
    const clipboard = navigator.clipboard as Clipboard | undefined;
    try {
      if (!clipboard) {
        throw new Error('No Clipboard API here');
      }
      await clipboard.writeText(link);
      setOutcome('copied');
    } catch {
      setOutcome('manual');
    }
  };
  return (
    <>
      <button type="button" className="button button-small" onClick={() => void copy()}>
        {outcome === 'copied' ? 'Copied' : 'Copy link'}
      </button>
      {outcome === 'manual' ? (
        <input
          className="invite-link"
          readOnly
          value={link}
          aria-label="Invite link (copy it)"
          ref={(input) => {
            input?.focus();
            input?.select();
          }}
        />
      ) : null}
    </>
  );
}

function RevokeButton({ streamId, inviteId }: { streamId: string; inviteId: string }) {
  const revoke = useRevokeInvite(streamId);
  return (
    <ConfirmButton
      label="Revoke"
      question="Revoke it? Nobody new gets in with it (people already in keep watching)."
      confirmLabel="Yes, revoke"
      pendingLabel="Revoking…"
      pending={revoke.isPending}
      error={revoke.error}
      onConfirm={() => revoke.mutate(inviteId)}
      size="button-small"
      quiet
    />
  );
}
