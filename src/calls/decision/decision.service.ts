import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef, ModulesContainer } from '@nestjs/core';
import { hostModuleName } from '../../common/modules/host-module';
import { GraphRequestValidationError } from '../../graph';
import { MetricsService } from '../../metrics';
import type { CallRecord, DecisionSource } from '../../store';
import { AnswerContributionError } from '../answer-body/answer.contributor';
import { AnswerPipeline } from '../answer-body/answer.pipeline';
import { CallEvents } from '../call-events';
import { CALL_DECISION_HANDLER } from '../calls.constants';
import type { CallDecision, FinalDecision } from './call-decision';
import type { CallDecisionContext, CallDecisionHandler } from './call-decision.handler';
import { DecisionRequests } from './decision-requests.service';
import type { DecisionBudget, DecisionInput, PreparedDecision } from './decision.types';
import { firstMatchingRule } from './rule.matcher';
import { LiveRules, ruleSetActions, type RuleSet } from './rule-set';

/** Two decisions agree when they would send the same thing. */
function sameDecision(a: CallDecision, b: CallDecision): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The correlation fields of every log line about a call. */
function ids(call: CallRecord): { callId: string; scenarioId: string | null } {
  return { callId: call.id, scenarioId: call.scenarioId };
}

/**
 * Decides what to do with an incoming call and turns it into a Graph request: the custom handler
 * (when a module provides one), then the rules in order, then `answer.defaultAction`; the
 * fallback when any of it is late or fails.
 */
@Injectable()
export class DecisionService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DecisionService.name);
  private handler: CallDecisionHandler | undefined;
  /** Who provides the handler, for its log lines: the module's name, else the class's. */
  private extension = 'unknown';

  constructor(
    readonly requests: DecisionRequests,
    private readonly moduleRef: ModuleRef,
    private readonly modules: ModulesContainer,
    private readonly pipeline: AnswerPipeline,
    readonly live: LiveRules,
    private readonly events: CallEvents,
    private readonly metrics: MetricsService,
  ) {
    requests.markConfigured(this.configuredActions().map(({ action }) => action));
  }

  onApplicationBootstrap(): void {
    try {
      // Any module of the application may provide it; ours never import it.
      this.handler = this.moduleRef.get<CallDecisionHandler>(CALL_DECISION_HANDLER, {
        strict: false,
      });
    } catch {
      this.handler = undefined;
    }
    if (!this.handler) return;
    this.extension =
      hostModuleName(this.modules, CALL_DECISION_HANDLER) ?? this.handler.constructor.name;
    this.logger.log({ extension: this.extension }, 'custom decision handler found');
  }

  /** Runs within the decision budget: its signal aborts the handler and contributors when it ends. */
  async prepare(input: DecisionInput, budget: DecisionBudget): Promise<PreparedDecision> {
    // The rule set in force now, for the whole decision, whatever reloads meanwhile.
    const set = this.live.current;
    const fromHandler = await this.askHandler(input, budget);
    const rule = fromHandler ? undefined : firstMatchingRule(set.rules, input.incoming.facts);
    const decision = fromHandler?.decision ?? rule?.action ?? set.defaultAction;
    const source: DecisionSource = fromHandler?.source ?? (rule ? 'rule' : 'default');
    const ruleName = fromHandler ? null : (rule?.name ?? null);
    this.shadow(set, input, { source, rule: ruleName, decision });
    return fromHandler ?? this.toPrepared(input, decision, source, ruleName, budget);
  }

  /** Would the shadow rules have decided the same? Journalled and counted, never sent. */
  private shadow(
    set: RuleSet,
    input: DecisionInput,
    live: { source: DecisionSource; rule: string | null; decision: CallDecision },
  ): void {
    if (set.shadowRules.length === 0) return;
    const rule = firstMatchingRule(set.shadowRules, input.incoming.facts);
    const shadow = { rule: rule?.name ?? null, decision: rule?.action ?? set.defaultAction };
    const agree = sameDecision(live.decision, shadow.decision);
    this.metrics.shadowDecisions.inc({ result: agree ? 'agree' : 'disagree' });
    this.events.emit('shadowDecision', { call: input.call, live, shadow, agree });
  }

  /**
   * A decision made elsewhere (the operator API) turned into its request. Throws
   * `AnswerContributionError` when a contributor fails, and a validation error for a bad body.
   */
  async prepareGiven(
    input: DecisionInput,
    decision: FinalDecision,
    source: DecisionSource,
    budget: DecisionBudget,
  ): Promise<PreparedDecision> {
    const request = await this.requests.full(input, decision, budget);
    return { decision, source, rule: null, request };
  }

  /**
   * The fallback: `override` (from a contributor's error) or `answer.fallback`, with synchronous
   * contributions only. Never throws and does no I/O, so it is always ready in time.
   */
  prepareFallback(
    input: DecisionInput,
    override?: FinalDecision,
    reason?: string,
  ): PreparedDecision {
    const configured = this.live.current.fallback;
    const decision = override ?? configured;
    const base = { decision, source: 'fallback' as const, rule: null, fallbackReason: reason };
    try {
      return { ...base, request: this.requests.fallback(input, decision) };
    } catch (error) {
      // Only a contributor's override can be invalid (the configured fallback was checked at start).
      this.logger.error(
        { err: error, ...ids(input.call) },
        'fallback override invalid; using answer.fallback',
      );
      return { ...base, decision: configured, request: this.requests.fallback(input, configured) };
    }
  }

  /** Every configured action with its key, for the start-up check. */
  configuredActions(set: RuleSet = this.live.current): { action: CallDecision; path: string }[] {
    return ruleSetActions(set);
  }

  private async askHandler(
    input: DecisionInput,
    budget: DecisionBudget,
  ): Promise<PreparedDecision | undefined> {
    if (!this.handler) return undefined;
    const context: CallDecisionContext = { ...input, signal: budget.signal };
    let decision: CallDecision | undefined;
    // A handler still deciding when the budget ends is the fault of its module: say whose.
    const late = (): void => {
      this.logger.warn(
        { extension: this.extension, ...ids(context.call) },
        'decision handler still deciding when the budget ran out; the fallback goes out',
      );
      this.countFault('slow');
    };
    budget.signal.addEventListener('abort', late, { once: true });
    try {
      decision = await this.handler.decide(context);
    } catch (error) {
      if (context.signal.aborted) throw error;
      this.logger.error(
        { err: error, extension: this.extension, ...ids(context.call) },
        'decision handler failed; rules decide',
      );
      this.countFault('failed');
      return undefined;
    } finally {
      budget.signal.removeEventListener('abort', late);
    }
    if (decision === undefined || decision === null) return undefined;
    // What only a contributor knows (an unknown media profile...) makes the decision invalid too,
    // not a failure of the contributor: the rules decide, as for a body Graph would refuse.
    const refused =
      decision.type === 'answer' ? this.pipeline.validateAction(decision, 'decision') : [];
    if (refused.length > 0) return this.invalid(context, refused);
    try {
      return await this.toPrepared(input, decision, 'handler', null, budget);
    } catch (error) {
      if (error instanceof AnswerContributionError || context.signal.aborted) throw error;
      if (error instanceof GraphRequestValidationError)
        return this.invalid(context, error.problems);
      return this.invalid(context, undefined, error);
    }
  }

  private invalid(
    context: CallDecisionContext,
    problems: readonly string[] | undefined,
    error?: unknown,
  ): undefined {
    this.logger.error(
      { err: error, problems, extension: this.extension, ...ids(context.call) },
      'decision handler returned an invalid decision; rules decide',
    );
    this.countFault('invalid');
    return undefined;
  }

  private countFault(fault: 'failed' | 'invalid' | 'slow'): void {
    this.metrics.extensionFaults.inc({
      extension: this.extension,
      point: 'decisionHandler',
      fault,
    });
  }

  private async toPrepared(
    input: DecisionInput,
    decision: CallDecision,
    source: DecisionSource,
    rule: string | null,
    budget: DecisionBudget,
  ): Promise<PreparedDecision> {
    if (decision.type === 'defer') return { decision, source, rule, request: null };
    return { decision, source, rule, request: await this.requests.full(input, decision, budget) };
  }
}
