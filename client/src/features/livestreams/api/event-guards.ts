import type { Livestream, StreamAnnouncement, StreamAnnouncementType, StreamEventNotice, StreamState } from '@/types/api';

// Event data is checked for the fields the client reads, so a malformed frame is ignored, never half-applied.

export function isStreamState(value: unknown): value is StreamState {
  if (!isRecord(value)) {
    return false;
  }
  return (
    typeof value.streamId === 'string' &&
    (value.status === 'LIVE' || value.status === 'ENDED') &&
    typeof value.viewerCount === 'number' &&
    typeof value.peakViewerCount === 'number' &&
    typeof value.totalViewers === 'number' &&
    isRecord(value.hostInfo)
  );
}

export function isStreamEventNotice(value: unknown): value is StreamEventNotice {
  if (!isRecord(value)) {
    return false;
  }
  return (
    typeof value.streamId === 'string' &&
    typeof value.type === 'string' &&
    typeof value.id === 'number' &&
    typeof value.status === 'string' &&
    typeof value.viewerCount === 'number'
  );
}

/** Every announcement type a stream's feed carries besides the live state's own events (`resync` has no data). */
export const announcementTypes: readonly Exclude<StreamAnnouncementType, 'resync'>[] = [
  'chat_message',
  'chat_message_deleted',
  'chat_settings',
  'participant_removed',
  'participant_banned',
  'participant_unbanned',
  'participant_muted',
  'hand_raised',
  'hand_lowered',
  'stage_changed',
  'stream_updated',
];

const isString = (value: unknown): value is string => typeof value === 'string';
const isOptionalString = (value: unknown): boolean => value === null || value === undefined || typeof value === 'string';

/** The data of each announcement type, checked for the fields the client reads. */
const announcementShapes: Record<(typeof announcementTypes)[number], (data: Record<string, unknown>) => boolean> = {
  chat_message: (d) => typeof d.id === 'number' && isString(d.userId) && isString(d.displayName) && isString(d.text) && isString(d.createdAt),
  chat_message_deleted: (d) => typeof d.id === 'number',
  chat_settings: (d) => typeof d.enabled === 'boolean' && typeof d.guestsMayChat === 'boolean',
  participant_removed: (d) => isString(d.userId) && isOptionalString(d.reason),
  participant_banned: (d) => isString(d.userId) && isOptionalString(d.reason) && isOptionalString(d.until),
  participant_unbanned: (d) => isString(d.userId),
  participant_muted: (d) => isString(d.userId) && Array.isArray(d.trackSids),
  hand_raised: (d) => isString(d.userId) && isString(d.displayName),
  hand_lowered: (d) => isString(d.userId),
  stage_changed: (d) => isString(d.userId) && typeof d.onStage === 'boolean',
  stream_updated: isLivestream,
};

/** An announcement of `type` with this data and event id, or undefined when the data is not what that type carries. */
export function parseAnnouncement(type: string, id: number, data: unknown): StreamAnnouncement | undefined {
  if (!(announcementTypes as readonly string[]).includes(type) || !isRecord(data)) {
    return undefined;
  }
  const shape = announcementShapes[type as (typeof announcementTypes)[number]];
  // The shape check above is what makes this cast true.
  return shape(data) ? ({ type, id, data } as unknown as StreamAnnouncement) : undefined;
}

export function isLivestream(value: unknown): value is Livestream {
  return (
    isRecord(value) &&
    isString(value.id) &&
    isString(value.title) &&
    isString(value.status) &&
    isString(value.createdBy) &&
    isString(value.updatedAt) &&
    typeof value.maxParticipants === 'number' &&
    typeof value.emptyTimeout === 'number'
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
