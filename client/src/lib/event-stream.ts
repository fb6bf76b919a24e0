/** How an event stream is doing, for the small indicator next to live numbers. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed' | 'ended';

/** The parsed JSON of an event's data, or undefined when it is not JSON (never throws on a bad frame). */
export function parseEventData(event: MessageEvent): unknown {
  try {
    return JSON.parse(String(event.data));
  } catch {
    console.warn('ignored an event whose data is not JSON', event.type);
    return undefined;
  }
}
