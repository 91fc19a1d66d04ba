import { Logger } from '@nestjs/common';
import type { InFlightTracker } from '../lifecycle/in-flight.tracker';

/** Every event is about a call, so that a failing listener can be logged with the call's ids. */
export interface CallScopedEvent {
  readonly call: { readonly id: string; readonly scenarioId: string | null };
}

export type EventListener<T> = (event: T) => void | Promise<void>;

/** How a listener went wrong: it threw (or rejected), or it was still running at the limit. */
export type ListenerFault = 'failed' | 'slow';

export interface ListenerOptions {
  /**
   * Who the listener belongs to (an extension's module name, `policyRecording`...): its faults
   * are logged and counted under this name. Defaults to the listener function's name.
   */
  readonly owner?: string;
}

interface Subscription {
  readonly listener: EventListener<never>;
  readonly owner: string;
}

/** How long a listener may run before it is reported and no longer waited for at shutdown. */
export interface EventBusOptions {
  readonly listenerLimitMs?: number;
}

/**
 * Typed events for other modules to subscribe to. Listeners run after the current work (never
 * delaying a webhook's response or a decision); their failures are logged with their owner and
 * never affect the call; shutdown waits for them (InFlightTracker), up to the listener limit.
 */
export abstract class CallEventBus<M extends { [E in keyof M]: CallScopedEvent }> {
  private readonly listeners = new Map<keyof M, Set<Subscription>>();

  protected constructor(
    private readonly inFlight: InFlightTracker,
    private readonly logger: Logger,
    private readonly options: EventBusOptions = {},
  ) {}

  /** Subscribes; returns a function that unsubscribes. */
  on<E extends keyof M>(
    event: E,
    listener: EventListener<M[E]>,
    options: ListenerOptions = {},
  ): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    const subscription: Subscription = {
      listener: listener,
      owner: options.owner ?? (listener.name || 'anonymous'),
    };
    set.add(subscription);
    return () => set.delete(subscription);
  }

  /** Whether anyone listens: lets an emitter skip work (a store read) nobody would see. */
  has(event: keyof M): boolean {
    return (this.listeners.get(event)?.size ?? 0) > 0;
  }

  emit<E extends keyof M>(event: E, payload: M[E]): void {
    const subscriptions = this.listeners.get(event);
    if (!subscriptions || subscriptions.size === 0) return;
    // One turn of the event loop for all of them: events come several times per call.
    const later = new Promise<void>((resolve) => setImmediate(resolve));
    for (const subscription of subscriptions) {
      const run = later.then(() => (subscription.listener as EventListener<M[E]>)(payload));
      const settled = run.catch((error: unknown) =>
        this.report('failed', event, payload, subscription.owner, error),
      );
      void this.inFlight.track(this.bounded(settled, event, payload, subscription.owner));
    }
  }

  /** More fields for the failure log line (e.g. a session id). */
  protected describe(_payload: M[keyof M]): Record<string, unknown> {
    return {};
  }

  /** Called once per fault, after it was logged: a subclass counts them. */
  protected onFault(_fault: ListenerFault, _event: keyof M, _owner: string): void {}

  /** A listener still running at the limit is reported, and shutdown stops waiting for it. */
  private bounded<E extends keyof M>(
    settled: Promise<void>,
    event: E,
    payload: M[E],
    owner: string,
  ): Promise<void> {
    const limitMs = this.options.listenerLimitMs;
    if (limitMs === undefined) return settled;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.report('slow', event, payload, owner);
        resolve();
      }, limitMs);
      timer.unref();
    });
    return Promise.race([settled, limit]).finally(() => clearTimeout(timer));
  }

  private report<E extends keyof M>(
    fault: ListenerFault,
    event: E,
    payload: M[E],
    owner: string,
    error?: unknown,
  ): void {
    const fields = {
      err: error,
      event,
      extension: owner,
      callId: payload.call.id,
      scenarioId: payload.call.scenarioId,
      ...this.describe(payload),
    };
    if (fault === 'failed') this.logger.error(fields, 'event listener failed');
    else {
      this.logger.warn(
        { ...fields, limitMs: this.options.listenerLimitMs },
        'event listener still running at its limit; no longer waited for',
      );
    }
    this.onFault(fault, event, owner);
  }
}
