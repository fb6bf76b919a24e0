import { useState, type SubmitEvent } from 'react';
import { FormField as Field, FormFooter } from '@/components/form-field';
import { useForm } from '@/hooks/use-form';
import type { Livestream } from '@/types/api';
import { useUpdateLivestream } from '../api/update-livestream';
import { editFormOf, fieldOfApiMessage, livestreamLimits as limits, validateEditForm, type EditField } from '../api/livestream-rules';

/**
 * The creator's edit of a stream: title, description, max participants, empty timeout, checked as on create; only what
 * changed is sent, and the Api's answer goes next to its field. Everyone watching sees the change live.
 */
export function EditLivestreamForm({ stream, onSaved }: { stream: Livestream; onSaved?: () => void }) {
  const update = useUpdateLivestream(stream.id);
  const [saved, setSaved] = useState(false);
  const form = useForm<EditField>({
    initial: editFormOf(stream),
    validate: (values) => validateEditForm(values, stream).errors,
    fieldOfMessage: (message) => {
      const field = fieldOfApiMessage(message);
      return field === 'title' || field === 'description' || field === 'maxParticipants' || field === 'emptyTimeout' ? field : undefined;
    },
  });

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    const { input } = validateEditForm(form.values, stream);
    if (!form.check(event.currentTarget) || !input) {
      return;
    }
    if (Object.keys(input).length === 0) {
      setSaved(true);
      return;
    }
    update.mutate(input, {
      onSuccess: () => {
        setSaved(true);
        onSaved?.();
      },
      onError: form.fail,
    });
  };

  return (
    <form className="form edit-form" onSubmit={submit} noValidate aria-label="Edit livestream" onChange={() => setSaved(false)}>
      <Field label="Title" {...form.field('title')} maxLength={limits.titleMaxLength} />
      <Field label="Description" {...form.field('description')} maxLength={limits.descriptionMaxLength} rows={3} optional />
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
          hint={`${limits.emptyTimeoutSeconds.min}–${limits.emptyTimeoutSeconds.max}`}
          inputMode="numeric"
        />
      </div>
      {saved ? (
        <p className="muted" role="status">
          Saved.
        </p>
      ) : null}
      <FormFooter error={form.formError} pending={update.isPending} label="Save changes" pendingLabel="Saving…" />
    </form>
  );
}
