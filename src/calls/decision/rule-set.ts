import { Inject, Injectable } from '@nestjs/common';
import { answerConfig, AnswerConfigType } from '../../config';
import type { CallDecision, FinalDecision } from './call-decision';
import { compileRules, type CompiledRule } from './rule.matcher';

/** The configured decision: one immutable object, swapped whole when the rules reload. */
export interface RuleSet {
  readonly rules: readonly CompiledRule[];
  /** `answer.shadowRules`: evaluated beside `rules`, never sent. */
  readonly shadowRules: readonly CompiledRule[];
  readonly defaultAction: CallDecision;
  readonly fallback: FinalDecision;
  /** 1 at start-up, +1 per reload applied. */
  readonly version: number;
}

/** The parts of `answer` a rule set is made of. */
export type RuleSetConfig = Pick<
  AnswerConfigType,
  'rules' | 'shadowRules' | 'defaultAction' | 'fallback'
>;

export function compileRuleSet(config: RuleSetConfig, version: number): RuleSet {
  return Object.freeze({
    rules: compileRules(config.rules),
    shadowRules: compileRules(config.shadowRules ?? [], 'answer.shadowRules'),
    defaultAction: config.defaultAction,
    fallback: config.fallback,
    version,
  });
}

/** Every action of a rule set with its configuration key, for validation. */
export function ruleSetActions(set: RuleSet): { action: CallDecision; path: string }[] {
  return [
    ...set.rules.map((r) => ({ action: r.action, path: `${r.path}.action` })),
    ...set.shadowRules.map((r) => ({ action: r.action, path: `${r.path}.action` })),
    { action: set.defaultAction, path: 'answer.defaultAction' },
    { action: set.fallback, path: 'answer.fallback' },
  ];
}

/**
 * The rule set in force. A decision reads `current` once when it starts and keeps that object to
 * the end, so a reload never changes a decision in progress (docs/rules.md).
 */
@Injectable()
export class LiveRules {
  private set: RuleSet;

  constructor(@Inject(answerConfig.KEY) config: AnswerConfigType) {
    this.set = compileRuleSet(config, 1);
  }

  get current(): RuleSet {
    return this.set;
  }

  /** Puts an already validated rule set in force. */
  replace(set: RuleSet): void {
    this.set = set;
  }
}
