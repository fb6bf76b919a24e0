import { expect } from '@playwright/test';

export interface RecordedEvent {
  type: string;
  id: string | undefined;
  data: unknown;
}

/**
 * A watcher that follows a stream through Server-Sent Events alone (no browser, no join): it reads an event stream's
 * frames as they come and keeps them, so a test can wait for one.
 */
export class SseRecorder {
  readonly events: RecordedEvent[] = [];
  private readonly abort = new AbortController();

  private constructor() {}

  /** Opens the event stream; a stream whose live state is not there yet (404) is asked again for up to 20 s. */
  static async open(url: string): Promise<SseRecorder> {
    const recorder = new SseRecorder();
    const deadline = Date.now() + 20_000;
    for (;;) {
      const response = await fetch(url, { headers: { Accept: 'text/event-stream' }, signal: recorder.abort.signal });
      if (response.status === 404 && Date.now() < deadline) {
        await response.body?.cancel();
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      expect(response.status, `GET ${url}`).toBe(200);
      if (!response.body) {
        throw new Error(`GET ${url} has no body`);
      }
      void recorder.pump(response.body);
      return recorder;
    }
  }

  /** Waits until an event of `type` whose data satisfies `matches` has come. */
  async waitFor(type: string, matches: (data: Record<string, unknown>) => boolean = () => true): Promise<void> {
    await expect
      .poll(() => this.events.some((event) => event.type === type && isRecord(event.data) && matches(event.data)), {
        message: `the SSE-only watcher gets ${type}`,
        timeout: 20_000,
      })
      .toBe(true);
  }

  close(): void {
    this.abort.abort();
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          return;
        }
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // Closed by the test.
    }
  }

  private parse(frame: string): void {
    let type = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of frame.split('\n')) {
      if (line.startsWith('event:')) {
        type = line.slice(6).trim();
      } else if (line.startsWith('id:')) {
        id = line.slice(3).trim();
      } else if (line.startsWith('data:')) {
        data.push(line.slice(5).trimStart());
      }
    }
    if (data.length > 0) {
      this.events.push({ type, id, data: JSON.parse(data.join('\n')) as unknown });
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
