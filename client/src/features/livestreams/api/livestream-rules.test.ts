import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { livestream } from '@/testing/test-utils';
import {
  editFormOf,
  emptyCreateForm,
  fieldOfApiMessage,
  hostDisplayName,
  livestreamLimits,
  sanitizeRoomName,
  validateCreateForm,
  validateEditForm,
  type CreateFormValues,
} from './livestream-rules';

const creator = 'Ada';
const valid: CreateFormValues = { ...emptyCreateForm, roomName: 'My Room', title: 'Hello' };

describe('sanitizeRoomName', () => {
  it.each([
    ['  My Stream!! 2 ', 'my-stream-2'],
    ['UPPER_case-ok', 'upper_case-ok'],
    ['--a--b--', 'a-b'],
    ['Café au lait', 'caf-au-lait'],
    ['!!!', ''],
    ['-', ''],
  ])('turns %j into %j as the Api does', (input, expected) => {
    expect(sanitizeRoomName(input)).toBe(expected);
  });
});

describe('validateCreateForm', () => {
  it('builds the request with the numbers and the host display name in the metadata (the token names the creator)', () => {
    const { errors, input } = validateCreateForm(
      { ...valid, description: 'About', maxParticipants: '50', emptyTimeout: '0', metadata: '{"topic":"music"}' },
      creator,
    );
    expect(errors).toEqual({});
    expect(input).toEqual({
      roomName: 'My Room',
      title: 'Hello',
      description: 'About',
      maxParticipants: 50,
      emptyTimeout: 0,
      metadata: { topic: 'music', hostDisplayName: 'Ada' },
      visibility: 'PUBLIC',
    });
  });

  it('asks for a private stream when the form says so (public otherwise)', () => {
    expect(validateCreateForm({ ...valid, visibility: 'PRIVATE' }, creator).input?.visibility).toBe('PRIVATE');
    expect(validateCreateForm(valid, creator).input?.visibility).toBe('PUBLIC');
  });

  it('reports every problem at once and builds no request', () => {
    const { errors, input } = validateCreateForm(
      { roomName: ' ', title: '', description: '', maxParticipants: '0', emptyTimeout: '-1', metadata: '[1]', visibility: 'PUBLIC' },
      creator,
    );
    expect(input).toBeUndefined();
    expect(errors).toEqual({
      roomName: 'Room name is required',
      title: 'Title is required',
      maxParticipants: 'Max participants must be a whole number from 1 to 10000',
      emptyTimeout: 'Empty timeout must be a whole number of seconds from 0 to 86400',
      metadata: 'Metadata must be a JSON object',
    });
  });

  it('rejects a room name that sanitises to nothing or past 128 characters', () => {
    expect(validateCreateForm({ ...valid, roomName: '!!!' }, creator).errors.roomName).toMatch(/at least one letter/);
    expect(validateCreateForm({ ...valid, roomName: 'a'.repeat(128) }, creator).errors.roomName).toBeUndefined();
    // Sanitised length counts: 129 characters with a trailing space trimmed is fine, 129 letters is not.
    expect(validateCreateForm({ ...valid, roomName: `${'a'.repeat(128)} ` }, creator).errors.roomName).toBeUndefined();
    expect(validateCreateForm({ ...valid, roomName: 'a'.repeat(129) }, creator).errors.roomName).toBe(
      'Room name must be at most 128 characters',
    );
  });

  it('holds title and description to 200 and 2000 characters', () => {
    expect(validateCreateForm({ ...valid, title: 't'.repeat(200) }, creator).errors.title).toBeUndefined();
    expect(validateCreateForm({ ...valid, title: 't'.repeat(201) }, creator).errors.title).toBe(
      'Title must be at most 200 characters',
    );
    expect(validateCreateForm({ ...valid, description: 'd'.repeat(2000) }, creator).errors.description).toBeUndefined();
    expect(validateCreateForm({ ...valid, description: 'd'.repeat(2001) }, creator).errors.description).toBe(
      'Description must be at most 2000 characters',
    );
  });

  it.each([
    ['1', true],
    ['10000', true],
    ['10001', false],
    ['1.5', false],
    ['ten', false],
    ['', false],
  ])('max participants %j is accepted: %s', (value, ok) => {
    expect(validateCreateForm({ ...valid, maxParticipants: value }, creator).errors.maxParticipants === undefined).toBe(ok);
  });

  it.each([
    ['0', true],
    ['86400', true],
    ['86401', false],
    ['-5', false],
  ])('empty timeout %j is accepted: %s', (value, ok) => {
    expect(validateCreateForm({ ...valid, emptyTimeout: value }, creator).errors.emptyTimeout === undefined).toBe(ok);
  });

  it('measures metadata in UTF-8 bytes of the JSON sent, host display name included', () => {
    const overhead = new TextEncoder().encode(JSON.stringify({ note: '', hostDisplayName: 'Ada' })).length;
    const fits = JSON.stringify({ note: 'x'.repeat(8192 - overhead) });
    expect(validateCreateForm({ ...valid, metadata: fits }, creator).errors.metadata).toBeUndefined();
    // Three bytes each in UTF-8, one character each in the text.
    const tooBig = JSON.stringify({ note: '€'.repeat(3000) });
    expect(validateCreateForm({ ...valid, metadata: tooBig }, creator).errors.metadata).toMatch(/at most 8 KB/);
    expect(validateCreateForm({ ...valid, metadata: '{oops' }, creator).errors.metadata).toBe('Metadata must be valid JSON');
  });

  it('leaves an empty description out of the request', () => {
    expect(validateCreateForm({ ...valid, description: '   ' }, creator).input?.description).toBeUndefined();
  });
});

describe('fieldOfApiMessage', () => {
  it.each([
    ['Room name is required', 'roomName'],
    ["A livestream with room name 'x' is already active", 'roomName'],
    ['Title must be at most 200 characters', 'title'],
    ['Description must be at most 2000 characters', 'description'],
    ['Max participants must be at least 1', 'maxParticipants'],
    ['Empty timeout cannot be negative', 'emptyTimeout'],
    ['Metadata must be a JSON object', 'metadata'],
    ['Too many livestream creation requests, please try again later', undefined],
  ])('puts %j next to %s', (message, field) => {
    expect(fieldOfApiMessage(message)).toBe(field);
  });
});

describe('hostDisplayName', () => {
  it('reads the name the create form stored, and nothing else', () => {
    expect(hostDisplayName({ hostDisplayName: 'Ada' })).toBe('Ada');
    expect(hostDisplayName({ hostDisplayName: 3 })).toBeUndefined();
    expect(hostDisplayName(['Ada'])).toBeUndefined();
    expect(hostDisplayName(null)).toBeUndefined();
  });
});

describe('the limits mirror the Api', () => {
  // Read from the Api's source, so a change there that the client misses fails here.
  const api = path.resolve(import.meta.dirname, '../../../../../Favorited.Api');
  const source = (file: string) => readFileSync(path.join(api, file), 'utf8');
  const constant = (text: string, name: string) => Number(new RegExp(`${name} = ([\\d *]+);`).exec(text)?.[1]?.split('*').reduce((a, b) => a * Number(b), 1));

  it('has the Api validator’s numbers', () => {
    const fields = source('Livestreams/LivestreamFields.cs');
    expect(livestreamLimits.titleMaxLength).toBe(constant(fields, 'MaxTitleLength'));
    expect(livestreamLimits.descriptionMaxLength).toBe(constant(fields, 'MaxDescriptionLength'));
    expect(livestreamLimits.metadataMaxBytes).toBe(constant(source('Infrastructure/Metadata.cs'), 'MaxBytes'));
    expect(livestreamLimits.maxParticipants.max).toBe(constant(fields, 'MaxMaxParticipants'));
    expect(livestreamLimits.emptyTimeoutSeconds.max).toBe(constant(fields, 'MaxEmptyTimeout'));
    expect(livestreamLimits.roomNameMaxLength).toBe(constant(source('Livestreams/RoomNames.cs'), 'MaxLength'));
  });
});

describe('validateEditForm', () => {
  const stream = livestream({ title: 'Old', description: null, maxParticipants: 100, emptyTimeout: 600 });

  it('sends only what changed, numbers as numbers', () => {
    const form = editFormOf(stream);
    expect(form).toEqual({ title: 'Old', description: '', maxParticipants: '100', emptyTimeout: '600' });
    expect(validateEditForm(form, stream)).toEqual({ errors: {}, input: {} });
    expect(validateEditForm({ ...form, title: 'New', emptyTimeout: ' 30 ' }, stream).input).toEqual({ title: 'New', emptyTimeout: 30 });
    expect(validateEditForm({ ...form, description: 'About' }, stream).input).toEqual({ description: 'About' });
  });

  it('checks every field as on create', () => {
    const { errors, input } = validateEditForm(
      { title: ' ', description: 'x'.repeat(2001), maxParticipants: '0', emptyTimeout: '86401' },
      stream,
    );
    expect(input).toBeUndefined();
    expect(errors).toEqual({
      title: 'Title is required',
      description: 'Description must be at most 2000 characters',
      maxParticipants: 'Max participants must be a whole number from 1 to 10000',
      emptyTimeout: 'Empty timeout must be a whole number of seconds from 0 to 86400',
    });
  });
});
