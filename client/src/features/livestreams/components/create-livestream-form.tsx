import type { SubmitEvent } from 'react';
import { FormField as Field, FormFooter } from '@/components/form-field';
import { useForm } from '@/hooks/use-form';
import type { Livestream } from '@/types/api';
import { useCreateLivestream } from '../api/create-livestream';
import {
  emptyCreateForm,
  fieldOfApiMessage,
  livestreamLimits as limits,
  sanitizeRoomName,
  validateCreateForm,
} from '../api/livestream-rules';

export interface CreateLivestreamFormProps {
  /** The creator's display name, kept in the metadata as hostDisplayName (the creator is whoever the token says). */
  hostName: string;
  onCreated: (stream: Livestream) => void;
}

/** Checks the Api's limits before sending; the Api's own answer is shown next to the field it is about. */
export function CreateLivestreamForm({ hostName, onCreated }: CreateLivestreamFormProps) {
  const create = useCreateLivestream();
  const form = useForm({
    initial: emptyCreateForm,
    validate: (values) => validateCreateForm(values, hostName).errors,
    fieldOfMessage: fieldOfApiMessage,
  });
  const { values, errors } = form;

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { input } = validateCreateForm(values, hostName);
    if (!form.check(event.currentTarget) || !input) {
      return;
    }
    create.mutate(input, { onSuccess: (stream) => onCreated(stream), onError: form.fail });
  };

  const roomPreview = sanitizeRoomName(values.roomName);
  return (
    <form className="form panel" onSubmit={submit} noValidate>
      <Field
        label="Title"
        {...form.field('title')}
        maxLength={limits.titleMaxLength}
        placeholder="Friday night build"
        autoFocus
      />
      <Field
        label="Room name"
        {...form.field('roomName')}
        hint={
          roomPreview
            ? <>The LiveKit room will be <code>{roomPreview}</code> ({roomPreview.length}/{limits.roomNameMaxLength})</>
            : 'Letters, digits, - and _; other characters become -'
        }
        placeholder="friday-build"
      />
      <Field
        label="Description"
        {...form.field('description')}
        maxLength={limits.descriptionMaxLength}
        rows={4}
        optional
      />
      <VisibilityChoice {...form.field('visibility')} />

      <details className="advanced" open={Boolean(errors.maxParticipants || errors.emptyTimeout || errors.metadata)}>
        <summary>Advanced</summary>
        <div className="field-row">
          <Field
            label="Max participants"
            {...form.field('maxParticipants')}
            hint={`${limits.maxParticipants.min}–${limits.maxParticipants.max}`}
            inputMode="numeric"
          />
          <Field
            label="Empty timeout (seconds)"
            {...form.field('emptyTimeout')}
            hint={`${limits.emptyTimeoutSeconds.min}–${limits.emptyTimeoutSeconds.max}; how long the room waits for someone`}
            inputMode="numeric"
          />
        </div>
        <Field
          label="Metadata (JSON object)"
          {...form.field('metadata')}
          hint={`At most ${limits.metadataMaxBytes / 1024} KB; your display name is added as hostDisplayName`}
          placeholder='{"topic": "music"}'
          rows={3}
          optional
        />
      </details>

      <FormFooter error={form.formError} pending={create.isPending} label="Go live" pendingLabel="Starting…" />
    </form>
  );
}

const visibilityOptions = [
  { value: 'PUBLIC', label: 'Public', hint: 'Listed for everyone; anyone can watch.' },
  { value: 'PRIVATE', label: 'Private', hint: 'Only you see it; people watch through invite links you make.' },
] as const;

/** Public (the default) or private, as two radio buttons. */
function VisibilityChoice({ name, value, onChange }: { name: string; value: string; onChange: (value: string) => void }) {
  return (
    <fieldset className="field visibility-choice">
      <legend>Who can watch</legend>
      {visibilityOptions.map((option) => (
        <label key={option.value} className="choice">
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={value === option.value}
            onChange={() => onChange(option.value)}
          />
          <span>
            <strong>{option.label}</strong> <span className="field-hint">{option.hint}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
