import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ada, FakeAuthApi, type RecordedCall } from '@/testing/fake-auth-api';
import { resetSession, signInAs } from '@/testing/session';
import { createTestQueryClient, jsonResponse, livestream, withQueryClient } from '@/testing/test-utils';
import { CreateLivestreamForm } from './create-livestream-form';

describe('CreateLivestreamForm', () => {
  let api: FakeAuthApi;
  /** The Api's answers to everything but /auth. */
  let fetchMock: ReturnType<typeof vi.fn<(call: RecordedCall) => Response | undefined>>;
  beforeEach(async () => {
    api = new FakeAuthApi();
    await signInAs(api, ada);
    fetchMock = vi.fn<(call: RecordedCall) => Response | undefined>();
    api.route = fetchMock;
  });
  afterEach(async () => {
    await resetSession();
    vi.unstubAllGlobals();
  });

  function renderForm() {
    const onCreated = vi.fn();
    const Wrapper = withQueryClient(createTestQueryClient());
    render(
      <Wrapper>
        <CreateLivestreamForm hostName="Ada" onCreated={onCreated} />
      </Wrapper>,
    );
    return { onCreated, user: userEvent.setup() };
  }

  const field = (name: string) => screen.getByLabelText(name);

  it('says what is missing next to each field and sends nothing', async () => {
    const { user } = renderForm();
    await user.click(screen.getByRole('button', { name: 'Go live' }));

    expect(screen.getByText('Title is required')).toBeTruthy();
    expect(screen.getByText('Room name is required')).toBeTruthy();
    expect(field('Title').getAttribute('aria-invalid')).toBe('true');
    expect(field('Title').getAttribute('aria-describedby')).toBe(screen.getByText('Title is required').id);
    expect(document.activeElement).toBe(field('Title'));
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('checks the limits as the person types once they tried to send', async () => {
    const { user } = renderForm();
    await user.type(field('Title'), 'Hello');
    await user.type(field('Room name'), '!!!');
    await user.click(screen.getByRole('button', { name: 'Go live' }));
    expect(screen.getByText("Room name must contain at least one letter, digit, '-' or '_'")).toBeTruthy();

    await user.clear(field('Room name'));
    await user.type(field('Room name'), 'My Room');
    expect(screen.queryByText(/Room name must/)).toBeNull();
    expect(screen.getByText('my-room')).toBeTruthy();
  });

  it('sends a valid stream with the account’s bearer token and hands the created one over', async () => {
    const created = livestream({ id: 'new-id', title: 'Hello', createdBy: ada.id });
    fetchMock.mockReturnValue(jsonResponse(201, { success: true, data: created }));
    const { user, onCreated } = renderForm();
    await user.type(field('Title'), 'Hello');
    await user.type(field('Room name'), 'My Room');
    await user.click(screen.getByRole('button', { name: 'Go live' }));

    await vi.waitFor(() => expect(onCreated).toHaveBeenCalledWith(created));
    const [call] = fetchMock.mock.calls[0] ?? [];
    expect(call).toMatchObject({ method: 'POST', path: '/livestreams' });
    expect(api.userOf(call?.token)).toEqual(ada);
    // No createdBy: the Api takes the creator from the token.
    expect(call?.body).toEqual({
      roomName: 'My Room',
      title: 'Hello',
      maxParticipants: 100,
      emptyTimeout: 86400,
      metadata: { hostDisplayName: 'Ada' },
      visibility: 'PUBLIC',
    });
  });

  it('creates a private stream when chosen (public by default)', async () => {
    fetchMock.mockReturnValue(jsonResponse(201, { success: true, data: livestream({ visibility: 'PRIVATE' }) }));
    const { user, onCreated } = renderForm();
    expect(screen.getByRole<HTMLInputElement>('radio', { name: /Public/ }).checked).toBe(true);
    await user.type(field('Title'), 'Secret');
    await user.type(field('Room name'), 'secret');
    await user.click(screen.getByRole('radio', { name: /Private/ }));
    await user.click(screen.getByRole('button', { name: 'Go live' }));

    await vi.waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(fetchMock.mock.calls[0]?.[0].body).toMatchObject({ title: 'Secret', visibility: 'PRIVATE' });
  });

  it('shows the Api’s answer next to the field it is about', async () => {
    fetchMock.mockReturnValue(
      jsonResponse(409, {
        success: false,
        error: 'ConflictError',
        message: "A livestream with room name 'my-room' is already active",
        statusCode: 409,
      }),
    );
    const { user, onCreated } = renderForm();
    await user.type(field('Title'), 'Hello');
    await user.type(field('Room name'), 'My Room');
    await user.click(screen.getByRole('button', { name: 'Go live' }));

    const message = await screen.findByText("A livestream with room name 'my-room' is already active");
    expect(field('Room name').getAttribute('aria-describedby')).toBe(message.id);
    expect(onCreated).not.toHaveBeenCalled();

    // Editing the field clears the Api's complaint about it.
    await user.type(field('Room name'), '2');
    expect(screen.queryByText(/already active/)).toBeNull();
  });

  it('shows other failures for the whole form', async () => {
    fetchMock.mockReturnValue(
      jsonResponse(429, { success: false, error: 'TooManyRequests', message: 'Too many livestream creation requests, please try again later' }),
    );
    const { user } = renderForm();
    await user.type(field('Title'), 'Hello');
    await user.type(field('Room name'), 'room');
    await user.click(screen.getByRole('button', { name: 'Go live' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Too many livestream creation requests, please try again later');
  });
});
