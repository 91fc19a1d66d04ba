import { Inject, Injectable, Logger } from '@nestjs/common';
import { answerConfig, AnswerConfigType, storeConfig, StoreConfigType } from '../../config';
import type { GraphTimings } from '../../graph';
import { MetricsService, type CallKind } from '../../metrics';
import {
  CALL_STORE,
  type CallError,
  type CallRecord,
  type CallStore,
  type DecisionAction,
  type DecisionOutcome,
  type DecisionSource,
} from '../../store';
import { CallEvents } from '../call-events';
import { CallsService } from '../calls.service';
import { DECISION_EXTENSION, type DecisionDetails } from '../decision/decision-details';
import { nextVisitAt } from './call-visits';

export type FinalAction = Exclude<DecisionAction, 'defer'>;
export type FinalOutcome = Exclude<DecisionOutcome, 'pending'>;

export interface OutcomeDetails {
  /** Defaults to the call's claimed decision, else the configured fallback's. */
  action?: FinalAction;
  source?: DecisionSource;
  /** Milliseconds per stage, merged into the call's `timings`. */
  timings?: Record<string, number>;
  /** `participantCapacity` of the answer that was sent. */
  participantCapacity?: number | null;
  /** The rule that decided, when one did. */
  rule?: string | null;
  fallbackReason?: string | null;
  mediaProfile?: string | null;
}

export function callKind(call: Pick<CallRecord, 'isPolicyRecording'>): CallKind {
  return call.isPolicyRecording ? 'policyRecording' : 'regular';
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/**
 * Where the outcome of a decision is recorded on the call and counted (docs/operations.md): once per
 * call, whichever path saw it first.
 */
@Injectable()
export class DecisionOutcomes {
  private readonly logger = new Logger(DecisionOutcomes.name);

  constructor(
    private readonly calls: CallsService,
    private readonly events: CallEvents,
    private readonly metrics: MetricsService,
    @Inject(CALL_STORE) private readonly store: CallStore,
    @Inject(storeConfig.KEY) private readonly storeOptions: StoreConfigType,
    @Inject(answerConfig.KEY) private readonly answer: AnswerConfigType,
  ) {}

  /**
   * Records an outcome once: only a call still `pending` changes, so two paths that both saw the
   * deadline pass (the interceptor and the Graph request) count it once. Returns the record when
   * this call made the change. An answered call's next visit is scheduled in the same store step.
   */
  async record(
    callId: string,
    kind: CallKind,
    outcome: FinalOutcome,
    error: CallError | null,
    details: OutcomeDetails = {},
  ): Promise<CallRecord | undefined> {
    let changed = false;
    let action: FinalAction = this.answer.fallback.type;
    const scheduleAt = (call: CallRecord): number | undefined =>
      nextVisitAt(call, this.storeOptions.inactiveCallMs);
    const stored = await this.calls.update(
      callId,
      (current) => {
        changed = current.outcome === 'pending';
        if (!changed) return undefined;
        const claimed = current.decision !== 'defer' ? current.decision : null;
        action = details.action ?? claimed ?? this.answer.fallback.type;
        const decisionDetails: DecisionDetails = {
          source: details.source ?? current.decisionSource,
          rule: details.rule ?? null,
          fallbackReason: details.fallbackReason ?? null,
          mediaProfile: details.mediaProfile ?? null,
        };
        return {
          ...current,
          decision: action,
          decisionSource: details.source ?? current.decisionSource,
          decidedAt: current.decidedAt ?? new Date().toISOString(),
          outcome,
          error,
          timings: { ...current.timings, ...details.timings },
          participantCapacity:
            details.participantCapacity !== undefined
              ? details.participantCapacity
              : current.participantCapacity,
          // Nothing is owed any more, and the notification's copy is no longer needed.
          pending: null,
          incoming: null,
          extensions: { ...current.extensions, [DECISION_EXTENSION]: decisionDetails },
        };
      },
      { scheduleAt },
    );
    if (!changed || !stored) return undefined;
    this.metrics.decisions.inc({ action, kind, outcome });
    this.metrics.decisionSources.inc({
      source: details.source ?? stored.decisionSource ?? 'fallback',
      action,
      outcome,
    });
    await this.afterOutcome(stored);
    this.events.emit('decided', { call: stored, action, outcome });
    return stored;
  }

  /**
   * An answered call stays until it terminates (visited for keep-alive and inactivity: scheduled
   * with the outcome's update); any other outcome ends its story here. Best effort: the entry's
   * own lifetime bounds it anyway.
   */
  private async afterOutcome(call: CallRecord): Promise<void> {
    if (nextVisitAt(call, this.storeOptions.inactiveCallMs) !== undefined) return;
    try {
      // Frees seats too: harmless, a call that was not answered admitted no participant.
      await this.store.retire(call.id, this.storeOptions.terminatedRetentionMs);
    } catch (error) {
      this.logger.warn(
        { err: error, callId: call.id },
        'could not retire the call after its outcome',
      );
    }
  }

  /**
   * The time spent in each stage, for the call's `timings` and
   * `switchboard_answer_stage_seconds` (authentication is observed when the call arrives).
   */
  stages(
    kind: CallKind,
    decisionMs: number,
    graph: GraphTimings | undefined,
    totalMs?: number,
  ): Record<string, number> {
    const timings: Record<string, number> = { decision: round(decisionMs) };
    this.observe('decision', kind, decisionMs);
    if (graph) {
      const graphRequestMs = graph.requestMs + graph.backoffMs;
      timings.token = round(graph.tokenMs);
      timings.graphRequest = round(graphRequestMs);
      timings.attempts = graph.attempts;
      this.observe('token', kind, graph.tokenMs);
      this.observe('graphRequest', kind, graphRequestMs);
    }
    if (totalMs !== undefined) timings.total = round(totalMs);
    return timings;
  }

  observe(stage: string, kind: CallKind, ms: number): void {
    this.metrics.stageDuration.observe({ stage, kind }, ms / 1000);
  }
}
