import { performance } from 'node:perf_hooks';
import { GraphRequestValidationError } from '../../graph';
import type { CallRecord } from '../../store';
import { AnswerPipeline } from '../answer-body/answer.pipeline';
import type { AnswerContext } from '../answer-body/answer.contributor';
import type { IncomingCall } from '../incoming-call';
import type { AnswerDecision } from './call-decision';
import { DecisionRequests } from './decision-requests.service';
import { decisionProblems } from './decision.validation';

const INPUT = {
  call: { id: 'c1', isPolicyRecording: true } as CallRecord,
  incoming: { resource: {}, facts: {} } as unknown as IncomingCall,
};

describe('DecisionRequests', () => {
  let pipeline: AnswerPipeline;
  let sut: DecisionRequests;

  beforeEach(() => {
    pipeline = new AnswerPipeline();
    sut = new DecisionRequests(
      { publicBaseUrl: 'https://bot.example', port: 3000 } as never,
      pipeline,
    );
  });

  it('leaves participantCapacity to the policy-recording contributor, on any call', () => {
    const request = sut.base({ type: 'answer', participantCapacity: 4 });

    expect(request).toMatchObject({ action: 'answer' });
    expect(JSON.parse(JSON.stringify(request.body))).not.toHaveProperty('participantCapacity');
  });

  it('still refuses a decision whose participantCapacity Graph would refuse', () => {
    const decision = { type: 'answer', participantCapacity: -1 } as AnswerDecision;

    expect(() => sut.base(decision)).toThrow(GraphRequestValidationError);
    expect(decisionProblems(decision, sut.bodyContext())).toEqual([
      expect.stringMatching(/^participantCapacity: /),
    ]);
  });

  it('gives the contributors the decision budget: its signal and when it ends', async () => {
    const seen: Pick<AnswerContext, 'signal' | 'budgetAt'>[] = [];
    pipeline.register({
      name: 'spy',
      contribute: ({ signal, budgetAt }) => void seen.push({ signal, budgetAt }),
    });
    const budget = { signal: new AbortController().signal, budgetAt: performance.now() + 1000 };

    await sut.full(INPUT, { type: 'answer' }, budget);

    expect(seen).toEqual([budget]);
  });
});
