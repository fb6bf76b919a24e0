import { useState, type SubmitEvent } from 'react';
import { FormField as Field } from '@/components/form-field';
import { ApiError, errorMessage } from '@/lib/api-client';
import type { Livestream } from '@/types/api';
import { useCreateLivestream } from '../api/create-livestream';
import {
  emptyCreateForm,
  fieldOfApiMessage,
  livestreamLimits as limits,
  sanitizeRoomName,
  validateCreateForm,
  type CreateField,
  type CreateFormValues,
  type FieldErrors,
} from '../api/livestream-rules';

/** As the fields appear, so the first problem on screen gets the focus. */
const fieldOrder: CreateField[] = ['title', 'roomName', 'description', 'maxParticipants', 'emptyTimeout', 'metadata'];

export interface CreateLivestreamFormProps {
  /** The creator's display name, kept in the metadata as hostDisplayName (the creator is whoever the token says). */
  hostName: string;
  onCreated: (stream: Livestream) => void;
}

/** Checks the Api's limits before sending; the Api's own answer is shown next to the field it is about. */
export function CreateLivestreamForm({ hostName, onCreated }: CreateLivestreamFormProps) {
  const create = useCreateLivestream();
  const [values, setValues] = useState<CreateFormValues>(emptyCreateForm);
  const [submitted, setSubmitted] = useState(false);
  const [apiErrors, setApiErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState('');

  // After the first attempt, problems are shown (and cleared) as the person types.
  const localErrors = submitted ? validateCreateForm(values, hostName).errors : {};
  const errors: FieldErrors = { ...apiErrors, ...localErrors };

  const change = (field: CreateField) => (value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setApiErrors((current) => ({ ...current, [field]: undefined }));
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    setFormError('');
    const { errors: problems, input } = validateCreateForm(values, hostName);
    if (!input) {
      const first = fieldOrder.find((field) => problems[field]);
      if (first) {
        event.currentTarget.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      }
      return;
    }
    create.mutate(input, {
      onSuccess: (stream) => onCreated(stream),
      onError: (error) => {
        const field = error instanceof ApiError && error.status < 500 ? fieldOfApiMessage(error.message) : undefined;
        if (field) {
          setApiErrors({ [field]: error.message });
        } else {
          setFormError(errorMessage(error));
        }
      },
    });
  };

  const roomPreview = sanitizeRoomName(values.roomName);
  return (
    <form className="form panel" onSubmit={submit} noValidate>
      <Field
        label="Title"
        name="title"
        value={values.title}
        onChange={change('title')}
        error={errors.title}
        maxLength={limits.titleMaxLength}
        placeholder="Friday night build"
        autoFocus
      />
      <Field
        label="Room name"
        name="roomName"
        value={values.roomName}
        onChange={change('roomName')}
        error={errors.roomName}
        hint={
          roomPreview
            ? <>The LiveKit room will be <code>{roomPreview}</code> ({roomPreview.length}/{limits.roomNameMaxLength})</>
            : 'Letters, digits, - and _; other characters become -'
        }
        placeholder="friday-build"
      />
      <Field
        label="Description"
        name="description"
        value={values.description}
        onChange={change('description')}
        error={errors.description}
        maxLength={limits.descriptionMaxLength}
        rows={4}
        optional
      />

      <details className="advanced" open={Boolean(errors.maxParticipants || errors.emptyTimeout || errors.metadata)}>
        <summary>Advanced</summary>
        <div className="field-row">
          <Field
            label="Max participants"
            name="maxParticipants"
            value={values.maxParticipants}
            onChange={change('maxParticipants')}
            error={errors.maxParticipants}
            hint={`${limits.maxParticipants.min}–${limits.maxParticipants.max}`}
            inputMode="numeric"
          />
          <Field
            label="Empty timeout (seconds)"
            name="emptyTimeout"
            value={values.emptyTimeout}
            onChange={change('emptyTimeout')}
            error={errors.emptyTimeout}
            hint={`${limits.emptyTimeoutSeconds.min}–${limits.emptyTimeoutSeconds.max}; how long the room waits for someone`}
            inputMode="numeric"
          />
        </div>
        <Field
          label="Metadata (JSON object)"
          name="metadata"
          value={values.metadata}
          onChange={change('metadata')}
          error={errors.metadata}
          hint={`At most ${limits.metadataMaxBytes / 1024} KB; your display name is added as hostDisplayName`}
          placeholder='{"topic": "music"}'
          rows={3}
          optional
        />
      </details>

      {formError ? (
        <p className="form-error" role="alert">
          {formError}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button" disabled={create.isPending}>
          {create.isPending ? 'Starting…' : 'Go live'}
        </button>
      </div>
    </form>
  );
}
