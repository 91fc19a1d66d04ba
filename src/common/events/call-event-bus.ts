import { Logger } from '@nestjs/common';
import type { InFlightTracker } from '../lifecycle/in-flight.tracker';

/** Every event is about a call, so that a failing listener can be logged with the call's ids. */
export interface CallScopedEvent {
  readonly call: { readonly id: string; readonly scenarioId: string | null };
}

export type EventListener<T> = (event: T) => void | Promise<void>;

/**
 * Typed events for other modules to subscribe to. Listeners run after the current work (never
 * delaying a webhook's response); their failures are logged and never affect the call; shutdown
 * waits for them (InFlightTracker).
 */
export abstract class CallEventBus<M extends { [E in keyof M]: CallScopedEvent }> {
  private readonly listeners = new Map<keyof M, Set<EventListener<never>>>();

  protected constructor(
    private readonly inFlight: InFlightTracker,
    private readonly logger: Logger,
  ) {}

  /** Subscribes; returns a function that unsubscribes. */
  on<E extends keyof M>(event: E, listener: EventListener<M[E]>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<E extends keyof M>(event: E, payload: M[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      const run = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
        (listener as EventListener<M[E]>)(payload),
      );
      void this.inFlight.track(
        run.catch((error: unknown) =>
          this.logger.error(
            {
              err: error,
              event,
              callId: payload.call.id,
              scenarioId: payload.call.scenarioId,
              ...this.describe(payload),
            },
            'event listener failed',
          ),
        ),
      );
    }
  }

  /** More fields for the failure log line (e.g. a session id). */
  protected describe(_payload: M[keyof M]): Record<string, unknown> {
    return {};
  }
}
