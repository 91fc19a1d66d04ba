// The server's own list of what `GET /api/calls/events` streams (docs/journal.md).
import {
  STREAMED_CALL_EVENTS as CALL_EVENTS,
  type StreamedCallEventName as CallEventName,
} from '../../../src/calls/operator/streamed-call-events';
import { UnauthorizedError, type Api } from '../shell/api';
import type { CallView } from '../shell/types';
import { readEvents } from './sse';

export interface CallEvent {
  name: CallEventName;
  call: CallView;
}

export type FeedStatus = 'connecting' | 'live' | 'reconnecting';

/** After a dropped stream, wait this long before opening it again (doubling, up to the cap). */
const RECONNECT_MS = 500;
const RECONNECT_CAP_MS = 10_000;

/**
 * The call events stream, kept open: one fetch() read as it arrives (no polling). A dropped
 * stream is opened again after a pause; a refused key stops it and says so.
 */
export class CallFeed {
  private readonly listeners = new Set<(event: CallEvent) => void>();
  private controller: AbortController | undefined;
  private delayMs = RECONNECT_MS;

  constructor(
    private readonly api: Api,
    private readonly onStatus: (status: FeedStatus) => void,
    private readonly onUnauthorized: () => void,
  ) {}

  subscribe(listener: (event: CallEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.controller) return;
    this.controller = new AbortController();
    void this.run(this.controller.signal);
  }

  stop(): void {
    this.controller?.abort();
    this.controller = undefined;
  }

  private async run(signal: AbortSignal): Promise<void> {
    this.onStatus('connecting');
    while (!signal.aborted) {
      try {
        const response = await this.api.open('/api/calls/events', {
          headers: { accept: 'text/event-stream' },
          signal,
        });
        if (!response.body) throw new Error('no stream');
        this.onStatus('live');
        this.delayMs = RECONNECT_MS;
        await readEvents(response.body, ({ event, data }) => this.dispatch(event, data));
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof UnauthorizedError) {
          this.stop();
          this.onUnauthorized();
          return;
        }
      }
      if (signal.aborted) return;
      this.onStatus('reconnecting');
      await new Promise((done) => setTimeout(done, this.delayMs));
      this.delayMs = Math.min(this.delayMs * 2, RECONNECT_CAP_MS);
    }
  }

  private dispatch(event: string, data: string): void {
    if (!(CALL_EVENTS as readonly string[]).includes(event)) return;
    let parsed: { call?: CallView };
    try {
      parsed = JSON.parse(data) as { call?: CallView };
    } catch {
      return;
    }
    if (!parsed.call) return;
    const callEvent = { name: event as CallEventName, call: parsed.call };
    for (const listener of this.listeners) listener(callEvent);
  }
}
