import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { GraphCallsApi, GraphRequestError, type GraphResult } from '../../graph';
import { MetricsService, type CallKind } from '../../metrics';
import type { CallError, CallRecord, DecisionSource, StoredDecisionRequest } from '../../store';
import { CallEvents } from '../call-events';
import type { CallLog } from '../call-log';
import { CallsService } from '../calls.service';
import { DeadlineExceededError, type DeadlineScope } from '../deadline/deadline.scope';
import { EitherSignal } from '../deadline/either-signal';
import type { GraphDecisionRequest, PreparedDecision } from '../decision/decision.types';
import { DecisionOutcomes, type FinalAction } from './decision-outcomes';
import { DecisionLeases, type LeaseHold } from './decision-leases';
import type { DecisionProgress } from './decision.job';
import { monoOf, retryStoreStep } from './store-step';

export { callKind } from './decision-outcomes';

export interface SendRequest {
  readonly call: CallRecord;
  readonly kind: CallKind;
  readonly prepared: Pick<PreparedDecision, 'source' | 'rule' | 'fallbackReason'> &
    Partial<Pick<PreparedDecision, 'decision'>> & {
      readonly request: GraphDecisionRequest;
    };
  readonly scope: DeadlineScope;
  readonly hold: LeaseHold;
  readonly progress: DecisionProgress;
  /** Milliseconds spent deciding (handler, rules, contributors). */
  readonly decisionMs: number;
  /** `performance.now()` of the notification's arrival, when it arrived at this instance. */
  readonly receivedAtMono?: number;
  readonly log: CallLog;
}

/**
 * What the operator API and the journal show of how the decision was made. A decision resumed
 * after a takeover has only its stored request, so its media profile is not known.
 */
function explained(prepared: SendRequest['prepared']): {
  rule: string | null;
  fallbackReason: string | null;
  mediaProfile: string | null;
} {
  const { decision } = prepared;
  return {
    rule: prepared.rule,
    fallbackReason: prepared.fallbackReason ?? null,
    mediaProfile: decision?.type === 'answer' ? (decision.mediaProfile ?? null) : null,
  };
}

export type ClaimResult =
  | { readonly claimed: true; readonly call: CallRecord }
  | { readonly claimed: false; readonly call: CallRecord | undefined };

/** After Graph accepted a decision, its outcome is still recorded this long past the deadline. */
const RECORD_AFTER_DEADLINE_MS = 10_000;

export function storedRequest(
  prepared: PreparedDecision & { request: GraphDecisionRequest },
): StoredDecisionRequest {
  return {
    action: prepared.request.action,
    body: { ...prepared.request.body },
    source: prepared.source,
    rule: prepared.rule,
  };
}

/**
 * The one place a decision goes to Graph: claimed in the store first, with the request itself
 * (so that no second decision is ever made for a call, and an instance taking it over sends this
 * one), sent within the deadline while the lease holds, then recorded on the call.
 */
@Injectable()
export class DecisionSender {
  constructor(
    private readonly graph: GraphCallsApi,
    private readonly calls: CallsService,
    private readonly events: CallEvents,
    private readonly metrics: MetricsService,
    private readonly outcomes: DecisionOutcomes,
    private readonly leases: DecisionLeases,
  ) {}

  /**
   * Takes the right to send `request` for the call, retried while the store is away and the
   * deadline allows. `operator`: only a call waiting for an operator can be taken, and its lease
   * comes to this instance; otherwise this instance must hold the lease already.
   */
  async claim(
    call: Pick<CallRecord, 'id' | 'deadlineAt'>,
    request: StoredDecisionRequest,
    source: DecisionSource,
    operator: boolean,
  ): Promise<ClaimResult> {
    const token = new Date().toISOString();
    let claimed = false;
    const stored = await retryStoreStep(
      () =>
        this.calls.update(call.id, (current) => {
          claimed = current.decidedAt === token && current.pending?.owner === this.leases.owner;
          if (claimed || current.decidedAt !== null || current.outcome !== 'pending')
            return undefined;
          if (
            operator ? current.decision !== 'defer' : current.pending?.owner !== this.leases.owner
          ) {
            return undefined;
          }
          claimed = true;
          const leaseUntil = Date.now() + this.leases.leaseMs;
          return {
            ...current,
            decision: request.action,
            decisionSource: source,
            decidedAt: token,
            pending: { owner: this.leases.owner, leaseUntil, request },
          };
        }),
      monoOf(Date.parse(call.deadlineAt)),
    );
    return claimed && stored ? { claimed: true, call: stored } : { claimed: false, call: stored };
  }

  /**
   * Sends a claimed decision and records what came of it. Never throws. Undefined when the lease
   * went elsewhere before Graph answered (the new holder sends it).
   */
  async send(request: SendRequest): Promise<CallRecord | undefined> {
    const { call, prepared, scope, kind, hold } = request;
    const { action, body } = prepared.request;
    const cancel = new EitherSignal(scope.signal, hold.signal);
    const options = this.calls.graphOptions(call, {
      signal: cancel.signal,
      deadlineAt: scope.deadlineAt,
    });
    this.metrics.decisionBudgetLeft.observe(
      { kind },
      Math.max(0, scope.deadlineAt - performance.now()) / 1000,
    );
    let result: GraphResult<void>;
    try {
      switch (action) {
        case 'answer':
          result = await this.graph.answer(call.id, body, options);
          break;
        case 'reject':
          result = await this.graph.reject(call.id, body, options);
          break;
        case 'redirect':
          result = await this.graph.redirect(call.id, body, options);
          break;
      }
    } catch (error) {
      if (hold.signal.aborted) return undefined;
      return this.failed(request, action, error);
    } finally {
      cancel.release();
    }
    request.progress.accepted = true;
    const latencyMs =
      request.receivedAtMono !== undefined
        ? performance.now() - request.receivedAtMono
        : Date.now() - Date.parse(call.receivedAt);
    this.metrics.decisionLatency.observe({ kind }, latencyMs / 1000);
    const stored = await this.recordAccepted(request, action, {
      timings: this.outcomes.stages(kind, request.decisionMs, result.timings, latencyMs),
    });
    // One line per decided call is what an operator follows a call by; a fallback deserves a warning.
    request.log[prepared.source === 'fallback' ? 'warn' : 'info'](
      {
        action,
        source: prepared.source,
        rule: prepared.rule,
        fallbackReason: prepared.fallbackReason,
        latencyMs: Math.round(latencyMs * 10) / 10,
      },
      'decision sent',
    );
    if (stored && action === 'answer') this.events.emit('answered', { call: stored });
    return stored;
  }

  /** Graph has the decision: its record is retried past the deadline, the lease kept meanwhile. */
  private recordAccepted(
    request: SendRequest,
    action: FinalAction,
    details: { timings?: Record<string, number> },
  ): Promise<CallRecord | undefined> {
    const { call, kind, prepared } = request;
    const body = prepared.request.body as { participantCapacity?: number | null };
    return retryStoreStep(
      () =>
        this.outcomes.record(call.id, kind, 'sent', null, {
          action,
          source: prepared.source,
          timings: details.timings,
          participantCapacity: action === 'answer' ? (body.participantCapacity ?? null) : undefined,
          ...explained(prepared),
        }),
      monoOf(Date.parse(call.deadlineAt) + RECORD_AFTER_DEADLINE_MS),
    ).catch((error: unknown) => {
      request.log.error({ err: error }, 'decision sent, but its outcome could not be recorded');
      return undefined;
    });
  }

  private async failed(
    request: SendRequest,
    action: FinalAction,
    error: unknown,
  ): Promise<CallRecord | undefined> {
    const graphError = error instanceof GraphRequestError ? error : undefined;
    // Graph's 409: the call is decided already. A decision taken over may have reached Graph from
    // its first holder, which died (or was cut off) before recording it; the same request was
    // claimed by both, so what Graph holds is this decision.
    if (graphError?.status === 409) {
      request.log.info(
        { action },
        'decision already accepted by Graph (sent by an earlier holder)',
      );
      request.progress.accepted = true;
      return this.recordAccepted(request, action, {});
    }
    const missed =
      graphError?.code === 'deadlineExceeded' ||
      request.scope.signal.reason instanceof DeadlineExceededError;
    const record: CallError = graphError
      ? graphError.toRecord()
      : {
          status: null,
          code: 'internalError',
          message: (error as Error)?.message ?? String(error),
        };
    const stored = await retryStoreStep(
      () =>
        this.outcomes.record(
          request.call.id,
          request.kind,
          missed ? 'deadlineMissed' : 'failed',
          record,
          {
            action,
            source: request.prepared.source,
            timings: this.outcomes.stages(request.kind, request.decisionMs, graphError?.timings),
            ...explained(request.prepared),
          },
        ),
      monoOf(Date.parse(request.call.deadlineAt) + RECORD_AFTER_DEADLINE_MS),
    ).catch(() => undefined);
    request.log[missed ? 'warn' : 'error'](
      { action, source: request.prepared.source, error: record, attempts: graphError?.attempts },
      missed ? 'deadline missed' : 'decision failed',
    );
    return stored;
  }
}
