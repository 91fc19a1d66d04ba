import { Injectable, Logger } from '@nestjs/common';
import type { GraphErrorExplanation } from './explanations/explanation.types';
import type { RetriedAttempt } from './graph-request.error';

/** One Graph request about a call and what came of it (after all its retries). */
export interface GraphExchange {
  readonly callId: string;
  /** `answer`, `reject`, `redirect`, `keepAlive`, `updateRecordingStatus`, `playPrompt`, `hangUp`. */
  readonly action: string;
  readonly ok: boolean;
  /** HTTP status of the last response; null when none came. */
  readonly status: number | null;
  /** Graph's error code (or a local one such as `deadlineExceeded`); null on success. */
  readonly code: string | null;
  readonly message: string | null;
  /** On failure: the sub-code Graph gave (in its code or a `DiagCode`), when it gave one. */
  readonly subcode?: number | null;
  /** On failure: the likely cause and what to check (docs/graph-errors.md), when known. */
  readonly explanation?: GraphErrorExplanation | null;
  readonly requestId: string | null;
  readonly clientRequestId: string | null;
  readonly attempts: number;
  /** When the request started (ISO), before its first attempt. */
  readonly startedAt: string;
  /** The attempts that failed and were tried again, when any were. */
  readonly retried?: readonly RetriedAttempt[];
  /** For `answer`, `reject` and `redirect`: the body sent (the journal redacts it). */
  readonly body?: object;
  /** For `updateRecordingStatus`: the status asked for. */
  readonly requestedStatus?: string;
}

export type GraphExchangeObserver = (exchange: GraphExchange) => void;

/**
 * Lets other modules (the call journal, metrics) see every Graph request about a call without the
 * Graph module knowing them. Observers run synchronously, in order, and must be quick; a failing
 * observer is logged and never affects the request.
 */
@Injectable()
export class GraphExchanges {
  private readonly logger = new Logger(GraphExchanges.name);
  private readonly observers: GraphExchangeObserver[] = [];

  observe(observer: GraphExchangeObserver): void {
    this.observers.push(observer);
  }

  report(exchange: GraphExchange): void {
    for (const observer of this.observers) {
      try {
        observer(exchange);
      } catch (error) {
        this.logger.error(
          { err: error, callId: exchange.callId },
          'Graph exchange observer failed',
        );
      }
    }
  }
}
