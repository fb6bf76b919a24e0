import type { CreateLivestreamInput, JsonObject, Livestream, LivestreamVisibility, UpdateLivestreamInput } from '@/types/api';

// The Api's validation of a new livestream (Favorited.Api/Livestreams/CreateLivestreamRequest.cs and
// RoomNames.cs), checked here before sending so the form can say what is wrong next to each field.
// Lengths are counted in UTF-16 code units, as .NET's string.Length counts them.
export const livestreamLimits = {
  roomNameMaxLength: 128,
  titleMaxLength: 200,
  descriptionMaxLength: 2000,
  maxParticipants: { min: 1, max: 10_000, default: 100 },
  emptyTimeoutSeconds: { min: 0, max: 86_400, default: 86_400 },
  metadataMaxBytes: 8 * 1024,
} as const;

export type CreateField = 'roomName' | 'title' | 'description' | 'maxParticipants' | 'emptyTimeout' | 'metadata' | 'visibility';

/** What the form holds: text as typed. */
export type CreateFormValues = Record<CreateField, string>;

export type FieldErrors = Partial<Record<CreateField, string>>;

export const emptyCreateForm: CreateFormValues = {
  roomName: '',
  title: '',
  description: '',
  maxParticipants: String(livestreamLimits.maxParticipants.default),
  emptyTimeout: String(livestreamLimits.emptyTimeoutSeconds.default),
  metadata: '',
  visibility: 'PUBLIC',
};

/**
 * The room name the Api will use, sanitised as it does: trim, lower-case, every character outside
 * [a-z0-9_-] becomes "-", runs of "-" collapse, one leading and one trailing "-" go.
 */
export function sanitizeRoomName(roomName: string): string {
  let name = roomName.trim().toLowerCase().replace(/[^a-z0-9_-]/g, '-').replace(/-+/g, '-');
  if (name.startsWith('-')) {
    name = name.slice(1);
  }
  if (name.endsWith('-')) {
    name = name.slice(0, -1);
  }
  return name;
}

/**
 * Checks the form as the Api would and builds the request. Every field's problem is reported at once.
 * The creator's display name goes into the metadata (hostDisplayName), so lists can show a name, not an id.
 */
export function validateCreateForm(values: CreateFormValues, hostName: string): { errors: FieldErrors; input?: CreateLivestreamInput } {
  const limits = livestreamLimits;
  const errors: FieldErrors = {};

  const roomName = sanitizeRoomName(values.roomName);
  if (!values.roomName.trim()) {
    errors.roomName = 'Room name is required';
  } else if (roomName.length === 0) {
    errors.roomName = "Room name must contain at least one letter, digit, '-' or '_'";
  } else if (roomName.length > limits.roomNameMaxLength) {
    errors.roomName = `Room name must be at most ${limits.roomNameMaxLength} characters`;
  }

  if (!values.title.trim()) {
    errors.title = 'Title is required';
  } else if (values.title.length > limits.titleMaxLength) {
    errors.title = `Title must be at most ${limits.titleMaxLength} characters`;
  }

  if (values.description.length > limits.descriptionMaxLength) {
    errors.description = `Description must be at most ${limits.descriptionMaxLength} characters`;
  }

  const maxParticipants = parseWholeNumber(values.maxParticipants);
  const { min: minP, max: maxP } = limits.maxParticipants;
  if (maxParticipants === undefined || maxParticipants < minP || maxParticipants > maxP) {
    errors.maxParticipants = `Max participants must be a whole number from ${minP} to ${maxP}`;
  }

  const emptyTimeout = parseWholeNumber(values.emptyTimeout);
  const { min: minT, max: maxT } = limits.emptyTimeoutSeconds;
  if (emptyTimeout === undefined || emptyTimeout < minT || emptyTimeout > maxT) {
    errors.emptyTimeout = `Empty timeout must be a whole number of seconds from ${minT} to ${maxT}`;
  }

  const metadata = parseMetadata(values.metadata, hostName);
  if (typeof metadata === 'string') {
    errors.metadata = metadata;
  }

  if (Object.keys(errors).length > 0 || typeof metadata === 'string') {
    return { errors };
  }
  const description = values.description.trim() ? values.description : undefined;
  return {
    errors,
    input: {
      roomName: values.roomName,
      title: values.title,
      description,
      maxParticipants,
      emptyTimeout,
      metadata,
      visibility: values.visibility === 'PRIVATE' ? 'PRIVATE' : 'PUBLIC',
    },
  };
}

export type EditField = 'title' | 'description' | 'maxParticipants' | 'emptyTimeout';

export type EditFormValues = Record<EditField, string>;

/** The edit form's starting point: the stream as it is. */
export function editFormOf(stream: Livestream): EditFormValues {
  return {
    title: stream.title,
    description: stream.description ?? '',
    maxParticipants: String(stream.maxParticipants),
    emptyTimeout: String(stream.emptyTimeout),
  };
}

/**
 * Checks an edit with the rules a new stream's fields follow (the Api validates an edit as it does a creation) and
 * builds the request from the fields that changed; `input` is empty when nothing did.
 */
export function validateEditForm(values: EditFormValues, stream: Livestream): { errors: Partial<Record<EditField, string>>; input?: UpdateLivestreamInput } {
  // The create rules, with the fields an edit does not touch filled in validly.
  const { errors, input: checked } = validateCreateForm({ ...values, roomName: stream.roomName, metadata: '', visibility: stream.visibility }, '');
  const fieldErrors: Partial<Record<EditField, string>> = {
    title: errors.title,
    description: errors.description,
    maxParticipants: errors.maxParticipants,
    emptyTimeout: errors.emptyTimeout,
  };
  if (!checked) {
    return { errors: fieldErrors };
  }
  const input: UpdateLivestreamInput = {};
  if (values.title !== stream.title) {
    input.title = values.title;
  }
  if (values.description !== (stream.description ?? '')) {
    input.description = values.description;
  }
  if (checked.maxParticipants !== stream.maxParticipants) {
    input.maxParticipants = checked.maxParticipants;
  }
  if (checked.emptyTimeout !== stream.emptyTimeout) {
    input.emptyTimeout = checked.emptyTimeout;
  }
  return { errors: {}, input };
}

/**
 * Which field an Api validation message is about (the Api reports the first problem only, with these words),
 * or undefined for messages about the request as a whole.
 */
export function fieldOfApiMessage(message: string): CreateField | undefined {
  const prefixes: [string, CreateField][] = [
    ['Room name', 'roomName'],
    ['A livestream with room name', 'roomName'],
    ['Title', 'title'],
    ['Description', 'description'],
    ['Max participants', 'maxParticipants'],
    ['Empty timeout', 'emptyTimeout'],
    ['Metadata', 'metadata'],
  ];
  return prefixes.find(([prefix]) => message.startsWith(prefix))?.[1];
}

/** Whether only its creator and the people they invite see a stream. */
export function isPrivate(stream: { visibility?: LivestreamVisibility }): boolean {
  return stream.visibility === 'PRIVATE';
}

/** The host's display name as the create form stored it, if it did. */
export function hostDisplayName(metadata: unknown): string | undefined {
  if (typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata)) {
    const name = (metadata as JsonObject).hostDisplayName;
    return typeof name === 'string' && name.trim() ? name : undefined;
  }
  return undefined;
}

function parseWholeNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** The metadata to send, or the problem. */
function parseMetadata(text: string, displayName: string): JsonObject | string {
  let metadata: JsonObject = {};
  if (text.trim()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return 'Metadata must be valid JSON';
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return 'Metadata must be a JSON object';
    }
    metadata = parsed as JsonObject;
  }
  metadata = { ...metadata, hostDisplayName: displayName };
  // The Api measures the object's JSON as sent, in UTF-8 bytes.
  const bytes = new TextEncoder().encode(JSON.stringify(metadata)).length;
  const max = livestreamLimits.metadataMaxBytes;
  if (bytes > max) {
    return `Metadata must be at most ${max / 1024} KB (it is ${bytes} bytes with hostDisplayName)`;
  }
  return metadata;
}
