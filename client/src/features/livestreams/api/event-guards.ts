import type { StreamEventNotice, StreamState } from '@/types/api';

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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
