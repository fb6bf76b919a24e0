import type { UseQueryResult } from '@tanstack/react-query';
import { useId, useState, type SubmitEvent } from 'react';
import { ErrorMessage } from '@/components/error-message';
import { Loading } from '@/components/loading';
import { errorMessage } from '@/lib/api-client';
import type { Participant } from '@/types/api';
import { banDurations, banInput, orderPeople, participantsShown, useStreamAction, type StreamAction } from '../api/moderation';

export interface ParticipantListProps {
  /** The joined sessions (useParticipants, which keeps them current). */
  participants: UseQueryResult<Participant[]>;
  streamId: string;
  /** The stream's creator (the host): listed first, never acted on. */
  creatorId: string;
  /** The viewer is the host: each other participant gets the host's actions. */
  isHost: boolean;
  currentUserId: string | undefined;
}

/** Who is in the stream, the host first, then who is on stage, then viewers; the host's actions on each. */
export function ParticipantList({ participants, streamId, creatorId, isHost, currentUserId }: ParticipantListProps) {
  const people = participants.data ? orderPeople(participants.data, creatorId) : [];
  return (
    <section className="panel" aria-labelledby="people-title" data-testid="participant-list">
      <h2 className="panel-title" id="people-title">
        People{participants.data ? ` (${people.length}${people.length >= participantsShown ? '+' : ''})` : ''}
      </h2>
      {participants.isPending ? (
        <Loading label="Loading who is here…" />
      ) : participants.isError ? (
        <ErrorMessage title="Could not load who is here">{errorMessage(participants.error)}</ErrorMessage>
      ) : people.length === 0 ? (
        <p className="muted">Nobody has joined yet.</p>
      ) : (
        <ul className="people" aria-label="Participants">
          {people.map((participant) => (
            <ParticipantRow
              key={participant.id}
              streamId={streamId}
              participant={participant}
              isCreator={participant.userId === creatorId}
              isSelf={participant.userId === currentUserId}
              canModerate={isHost && participant.userId !== creatorId && participant.userId !== currentUserId}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

type Dialog = 'remove' | 'ban' | null;

function ParticipantRow({
  streamId,
  participant,
  isCreator,
  isSelf,
  canModerate,
}: {
  streamId: string;
  participant: Participant;
  isCreator: boolean;
  isSelf: boolean;
  canModerate: boolean;
}) {
  const action = useStreamAction(streamId);
  const [dialog, setDialog] = useState<Dialog>(null);
  const onStage = participant.role === 'HOST' && !isCreator;
  const name = participant.displayName;
  const send = (next: StreamAction) => action.mutate(next, { onSuccess: () => setDialog(null) });

  return (
    <li className="person" data-testid="participant" data-user-id={participant.userId} data-on-stage={onStage ? 'true' : undefined}>
      <span className="person-name">
        <strong>{name}</strong>
        {isSelf ? <span className="you"> (you)</span> : null}
        {isCreator ? <span className="tag">host</span> : onStage ? <span className="tag tag-stage">on stage</span> : null}
        {participant.userId.startsWith('guest:') ? <span className="tag">guest</span> : null}
      </span>
      {canModerate ? (
        <span className="person-actions" aria-label={`Actions for ${name}`} role="group">
          {onStage ? (
            <button type="button" className="button button-small button-quiet" disabled={action.isPending} onClick={() => send({ kind: 'step-down', userId: participant.userId })}>
              Step down
            </button>
          ) : (
            <button type="button" className="button button-small button-quiet" disabled={action.isPending} onClick={() => send({ kind: 'invite', userId: participant.userId })}>
              Invite on stage
            </button>
          )}
          <button type="button" className="button button-small button-quiet" disabled={action.isPending} onClick={() => send({ kind: 'mute', userId: participant.userId })}>
            Mute
          </button>
          <button type="button" className="button button-small button-quiet" aria-expanded={dialog === 'remove'} onClick={() => setDialog(dialog === 'remove' ? null : 'remove')}>
            Remove
          </button>
          <button type="button" className="button button-small button-danger" aria-expanded={dialog === 'ban'} onClick={() => setDialog(dialog === 'ban' ? null : 'ban')}>
            Ban
          </button>
        </span>
      ) : null}
      {dialog ? (
        <ModerationForm
          kind={dialog}
          name={name}
          pending={action.isPending}
          onCancel={() => setDialog(null)}
          onSubmit={(reason, durationSeconds) =>
            send(
              dialog === 'ban'
                ? { kind: 'ban', input: banInput(participant.userId, reason, durationSeconds) }
                : { kind: 'remove', userId: participant.userId, reason: reason.trim() || undefined },
            )
          }
        />
      ) : null}
      {action.isError ? (
        <span className="field-error" role="alert">
          {errorMessage(action.error)}
        </span>
      ) : null}
    </li>
  );
}

/** Remove or ban one person: an optional reason (they are shown it) and, for a ban, how long. */
function ModerationForm({
  kind,
  name,
  pending,
  onCancel,
  onSubmit,
}: {
  kind: 'remove' | 'ban';
  name: string;
  pending: boolean;
  onCancel: () => void;
  onSubmit: (reason: string, durationSeconds: number | null) => void;
}) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [duration, setDuration] = useState('0');
  const verb = kind === 'ban' ? 'Ban' : 'Remove';
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit(reason, banDurations[Number(duration)]?.seconds ?? null);
  };
  return (
    <form className="moderation-form" onSubmit={submit} aria-label={`${verb} ${name}`}>
      <label htmlFor={`${id}-reason`}>Reason (optional, shown to them)</label>
      <input id={`${id}-reason`} value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} autoFocus />
      {kind === 'ban' ? (
        <>
          <label htmlFor={`${id}-duration`}>For</label>
          <select id={`${id}-duration`} value={duration} onChange={(event) => setDuration(event.target.value)}>
            {banDurations.map((option, index) => (
              <option key={option.label} value={String(index)}>
                {option.label}
              </option>
            ))}
          </select>
        </>
      ) : null}
      <span className="form-actions">
        <button type="submit" className="button button-small button-danger" disabled={pending}>
          {pending ? `${verb === 'Ban' ? 'Banning' : 'Removing'}…` : `${verb} ${name}`}
        </button>
        <button type="button" className="button button-small button-quiet" disabled={pending} onClick={onCancel}>
          Cancel
        </button>
      </span>
    </form>
  );
}
