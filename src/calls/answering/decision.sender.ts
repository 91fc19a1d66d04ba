import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { GraphCallsApi, GraphRequestError, type GraphResult } from '../../graph';
import { MetricsService, type CallKind } from '../../metrics';
import type { CallError, CallRecord, DecisionAction, DecisionSource } from '../../store';
import { CallEvents } from '../call-events';
import type { CallLog } from '../call-log';
import { CallsService } from '../calls.service';
import { DeadlineExceededError, type DeadlineScope } from '../deadline/deadline.scope';
import type { GraphDecisionRequest, PreparedDecision } from '../decision/decision.types';
import { DecisionOutcomes, type FinalAction } from './decision-outcomes';

export { callKind } from './decision-outcomes';

export interface SendRequest {
  readonly call: CallRecord;
  readonly kind: CallKind;
  readonly prepared: PreparedDecision & { readonly request: GraphDecisionRequest };
  readonly scope: DeadlineScope;
  /** Milliseconds spent deciding (handler, rules, contributors). */
  readonly decisionMs: number;
  /** `performance.now()` of the notification's arrival, when it arrived at this instance. */
  readonly receivedAtMono?: number;
  readonly log: CallLog;
}

/** What the operator API and the journal show of how the decision was made. */
function explained(prepared: PreparedDecision): {
  rule: string | null;
  fallbackReason: string | null;
  mediaProfile: string | null;
} {
  const { decision } = prepared;
  return {
    rule: prepared.rule,
    fallbackReason: prepared.fallbackReason ?? null,
    mediaProfile: decision.type === 'answer' ? (decision.mediaProfile ?? null) : null,
  };
}

export type ClaimResult =
  | { readonly claimed: true; readonly call: CallRecord }
  | { readonly claimed: false; readonly call: CallRecord | undefined };

/**
 * The one place a decision goes to Graph: claimed in the store first (so that no second decision
 * is ever sent for a call, from any instance or path), sent within the deadline, then recorded on
 * the call with its timings and counted.
 */
@Injectable()
export class DecisionSender {
  constructor(
    private readonly graph: GraphCallsApi,
    private readonly calls: CallsService,
    private readonly events: CallEvents,
    private readonly metrics: MetricsService,
    private readonly outcomes: DecisionOutcomes,
  ) {}

  /**
   * Takes the right to decide the call. `deferredOnly` (operator API): only a call waiting for
   * an operator can be taken.
   */
  async claim(
    callId: string,
    action: DecisionAction,
    source: DecisionSource,
    deferredOnly: boolean,
  ): Promise<ClaimResult> {
    let claimed = false;
    const call = await this.calls.update(callId, (current) => {
      claimed = false;
      if (current.decidedAt !== null || current.outcome !== 'pending') return undefined;
      if (deferredOnly && current.decision !== 'defer') return undefined;
      claimed = true;
      return {
        ...current,
        decision: action,
        decisionSource: source,
        decidedAt: new Date().toISOString(),
      };
    });
    return claimed && call ? { claimed: true, call } : { claimed: false, call };
  }

  /** Sends a claimed decision and records what came of it. Never throws. */
  async send(request: SendRequest): Promise<CallRecord | undefined> {
    const { call, prepared, scope, kind } = request;
    const { action, body } = prepared.request;
    const options = this.calls.graphOptions(call, {
      signal: scope.signal,
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
      return this.failed(request, action, error);
    }
    const latencyMs =
      request.receivedAtMono !== undefined
        ? performance.now() - request.receivedAtMono
        : Date.now() - Date.parse(call.receivedAt);
    this.metrics.decisionLatency.observe({ kind }, latencyMs / 1000);
    const stored = await this.outcomes.record(call.id, kind, 'sent', null, {
      action,
      source: prepared.source,
      timings: this.outcomes.stages(kind, request.decisionMs, result.timings, latencyMs),
      participantCapacity: action === 'answer' ? (body.participantCapacity ?? null) : undefined,
      ...explained(prepared),
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

  private async failed(
    request: SendRequest,
    action: FinalAction,
    error: unknown,
  ): Promise<CallRecord | undefined> {
    const graphError = error instanceof GraphRequestError ? error : undefined;
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
    const stored = await this.outcomes.record(
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
    );
    request.log[missed ? 'warn' : 'error'](
      { action, source: request.prepared.source, error: record, attempts: graphError?.attempts },
      missed ? 'deadline missed' : 'decision failed',
    );
    return stored;
  }
}
