import { ModuleRef, ModulesContainer } from '@nestjs/core';
import { ConfigValidationError } from '../../config';
import type { AnswerConfigType } from '../../config';
import { MetricsService } from '../../metrics';
import { AnswerPipeline } from '../answer-body/answer.pipeline';
import { ConfiguredActionsValidator } from './configured-actions.validator';
import { DecisionRequests } from './decision-requests.service';
import { DecisionService } from './decision.service';
import { LiveRules } from './rule-set';
import type { CallEvents } from '../call-events';

/** An answer config as it would be if the schema had let it through. */
function answerConfig(overrides: Partial<AnswerConfigType>): AnswerConfigType {
  const config: AnswerConfigType = {
    deadlines: { regularMs: 15000, policyRecordingMs: 5000 },
    safetyMarginMs: 1000,
    keepAliveIntervalMs: 900000,
    rules: [],
    shadowRules: [],
    defaultAction: { type: 'answer' },
    fallback: { type: 'answer' },
  };
  return { ...config, ...overrides };
}

function validator(config: AnswerConfigType, pipeline = new AnswerPipeline()) {
  const requests = new DecisionRequests(
    { publicBaseUrl: 'https://bot.example', port: 3000 } as never,
    pipeline,
  );
  const decisions = new DecisionService(
    requests,
    {} as ModuleRef,
    new ModulesContainer(),
    pipeline,
    new LiveRules(config),
    {} as CallEvents,
    new MetricsService(),
  );
  return new ConfiguredActionsValidator(decisions, pipeline);
}

describe('ConfiguredActionsValidator', () => {
  it('accepts the defaults', () => {
    expect(() => validator(answerConfig({})).onApplicationBootstrap()).not.toThrow();
  });

  it('names the key of each action whose Graph request would be invalid', () => {
    const sut = validator(
      answerConfig({
        rules: [
          { action: { type: 'defer' } },
          { action: { type: 'reject', reason: 'busy' } },
          { action: { type: 'answer', acceptedModalities: ['fax'] } },
          { action: { type: 'redirect', targets: [{ kind: 'phone', id: '' }], timeout: 5 } },
        ],
        fallback: { type: 'reject', reason: 'later' },
      } as never),
    );

    expect(sut.problems()).toEqual([
      expect.stringMatching(/^answer\.rules\[2\]\.action\.acceptedModalities: /),
      expect.stringMatching(/^answer\.rules\[3\]\.action\.targets\[0\]: /),
      expect.stringMatching(/^answer\.rules\[3\]\.action\.timeout: /),
      expect.stringMatching(/^answer\.fallback\.reason: /),
    ]);
    expect(() => sut.onApplicationBootstrap()).toThrow(ConfigValidationError);
  });

  it('adds the answer contributors’ own checks', () => {
    const pipeline = new AnswerPipeline();
    pipeline.register({
      name: 'media',
      contribute: () => undefined,
      validateAction: (action, path) =>
        action.mediaProfile === 'missing' ? [`${path}.mediaProfile: unknown media profile`] : [],
    });
    const sut = validator(
      answerConfig({ rules: [{ action: { type: 'answer', mediaProfile: 'missing' } }] } as never),
      pipeline,
    );

    expect(sut.problems()).toEqual(['answer.rules[0].action.mediaProfile: unknown media profile']);
  });

  it('refuses a phone target Graph could not dial', () => {
    const sut = validator(
      answerConfig({
        defaultAction: { type: 'redirect', targets: [{ kind: 'phone', id: '425-555-01' }] },
      } as never),
    );

    expect(sut.problems()).toEqual([
      expect.stringMatching(/^answer\.defaultAction\.targets\[0\]: .*must be an E\.164 number/),
    ]);
  });

  it('refuses participantCapacity on a rule that matches no policy recording call', () => {
    const sut = validator(
      answerConfig({
        rules: [
          { match: { policyRecording: true }, action: { type: 'answer', participantCapacity: 4 } },
          { match: { policyRecording: false }, action: { type: 'answer', participantCapacity: 4 } },
          { match: { policyRecording: false }, action: { type: 'answer' } },
          { action: { type: 'answer', participantCapacity: 2 } },
        ],
      } as never),
    );

    expect(sut.problems()).toEqual([
      'answer.rules[1].action.participantCapacity: never sent, since this rule matches no policy-based recording call (match.policyRecording: false)',
    ]);
  });
});
