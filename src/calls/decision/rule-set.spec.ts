import { ModulesContainer, type ModuleRef } from '@nestjs/core';
import type { AnswerConfigType } from '../../config';
import { MetricsService } from '../../metrics';
import type { CallRecord } from '../../store';
import { AnswerPipeline } from '../answer-body/answer.pipeline';
import type { IncomingCall } from '../incoming-call';
import type { CallDecisionHandler } from './call-decision.handler';
import { DecisionRequests } from './decision-requests.service';
import { DecisionService } from './decision.service';
import { compileRuleSet, LiveRules } from './rule-set';

const INPUT = {
  call: { id: 'c1', isPolicyRecording: false } as CallRecord,
  incoming: { resource: {}, facts: { caller: { kind: 'user' } } } as unknown as IncomingCall,
};
const BUDGET = { signal: new AbortController().signal, budgetAt: Number.MAX_SAFE_INTEGER };

function config(rules: AnswerConfigType['rules'], shadowRules: AnswerConfigType['rules'] = []) {
  return {
    rules,
    shadowRules,
    defaultAction: { type: 'answer' },
    fallback: { type: 'answer' },
  } as AnswerConfigType;
}

describe('DecisionService with a live rule set', () => {
  let live: LiveRules;
  let emit: jest.Mock;
  let metrics: MetricsService;

  function service(handler?: CallDecisionHandler): DecisionService {
    const pipeline = new AnswerPipeline();
    const requests = new DecisionRequests(
      { publicBaseUrl: 'https://bot.example', port: 3000 } as never,
      pipeline,
    );
    const moduleRef = { get: () => handler } as unknown as ModuleRef;
    const sut = new DecisionService(
      requests,
      moduleRef,
      new ModulesContainer(),
      pipeline,
      live,
      { emit } as never,
      metrics,
    );
    sut.onApplicationBootstrap();
    return sut;
  }

  beforeEach(() => {
    live = new LiveRules(config([{ name: 'reject', action: { type: 'reject', reason: 'busy' } }]));
    emit = jest.fn();
    metrics = new MetricsService();
  });

  it('keeps the rule set a decision started with, whatever reloads meanwhile', async () => {
    let release!: () => void;
    const handler: CallDecisionHandler = {
      decide: () => new Promise<undefined>((resolve) => (release = () => resolve(undefined))),
    };
    const sut = service(handler);
    const deciding = sut.prepare(INPUT, BUDGET);
    live.replace(compileRuleSet(config([]), 2));
    release();
    expect(await deciding).toMatchObject({ source: 'rule', rule: 'reject' });
    expect(await service().prepare(INPUT, BUDGET)).toMatchObject({ source: 'default' });
  });

  it('compares the shadow rules with the live decision, counts it and never sends it', async () => {
    live.replace(
      compileRuleSet(
        config(
          [{ name: 'reject', action: { type: 'reject', reason: 'busy' } }],
          [{ name: 'shadow', action: { type: 'answer' } }],
        ),
        2,
      ),
    );
    const prepared = await service().prepare(INPUT, BUDGET);
    expect(prepared.request?.action).toBe('reject');
    expect(emit).toHaveBeenCalledWith(
      'shadowDecision',
      expect.objectContaining({
        agree: false,
        shadow: { rule: 'shadow', decision: { type: 'answer' } },
      }),
    );
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/switchboard_shadow_decisions_total\{result="disagree"\} 1/);
  });

  it('evaluates no shadow when none is configured', async () => {
    await service().prepare(INPUT, BUDGET);
    expect(emit).not.toHaveBeenCalled();
  });
});
