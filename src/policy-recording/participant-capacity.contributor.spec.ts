import { performance } from 'node:perf_hooks';
import { Test } from '@nestjs/testing';
import { type AnswerContext, type AnswerDecision, type CallRecord } from '../calls';
import type { GraphAnswerBody } from '../graph';
import { notificationFixture } from '../../test/support/fixtures';
import { MemoryCallStore } from '../store';
import { AnswerPlans } from './answer-plans';
import { ParticipantCapacityContributor } from './participant-capacity.contributor';
import { ParticipantCapacityResolver } from './participant-capacity.resolver';
import { policyGroupKey } from './policy-call.facts';
import { baseProviders, callsProviders, callRecord } from './policy-recording.testing';
import { SeatLedger } from './seat-ledger.service';

const RESOURCE = (
  notificationFixture('pbr-incoming').value as Array<{ resourceData: Record<string, unknown> }>
)[0].resourceData;
const OBSERVED = '30fad2ce-8989-41a1-8a66-f6636e629a2a';
const BODY: GraphAnswerBody = {
  callbackUri: 'https://bot.test/api/calling',
  acceptedModalities: ['audio'],
  mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
};

function context(call: Partial<CallRecord>, action: Partial<AnswerDecision> = {}): AnswerContext {
  return {
    call: callRecord({
      state: 'incoming',
      outcome: 'pending',
      decision: null,
      participantCapacity: null,
      ...call,
    }),
    incoming: { resource: RESOURCE, facts: {} as AnswerContext['incoming']['facts'] },
    action: { type: 'answer', ...action },
    body: BODY,
    signal: new AbortController().signal,
    budgetAt: performance.now() + 4000,
  };
}

describe('ParticipantCapacityContributor', () => {
  let sut: ParticipantCapacityContributor;
  let store: MemoryCallStore;
  let plans: AnswerPlans;

  beforeEach(async () => {
    store = new MemoryCallStore();
    const moduleRef = await Test.createTestingModule({
      providers: [
        ...baseProviders({
          participantCapacity: 5,
          groups: [{ policyIdentifier: 'Test Policy', participantCapacity: 3 }],
        }),
        ...callsProviders(store),
        SeatLedger,
        AnswerPlans,
        ParticipantCapacityResolver,
        ParticipantCapacityContributor,
      ],
    }).compile();
    moduleRef.useLogger(false);
    sut = moduleRef.get(ParticipantCapacityContributor);
    plans = moduleRef.get(AnswerPlans);
  });

  afterEach(() => store.onModuleDestroy());

  it('adds nothing to a call that is not policy-based recording', async () => {
    const ctx = context({ isPolicyRecording: false, policyIdentifier: null });

    expect(await sut.contribute(ctx)).toBeUndefined();
    expect(sut.contributeFallback(ctx)).toBeUndefined();
    expect(await store.countSeats('call-1')).toBe(0);
  });

  it("sends the group's capacity, or the rule's, in the answer and in the fallback", async () => {
    expect(await sut.contribute(context({}))).toEqual({ participantCapacity: 3 });
    expect(sut.contributeFallback(context({}))).toEqual({ participantCapacity: 3 });
    expect(await sut.contribute(context({}, { participantCapacity: 8 }))).toEqual({
      participantCapacity: 8,
    });
    expect(sut.contributeFallback(context({ policyIdentifier: 'Other' }))).toEqual({
      participantCapacity: 5,
    });
  });

  it("takes the answered call's own seat before the answer leaves, and remembers the plan", async () => {
    await sut.contribute(context({}));

    expect(await store.claimSeat('call-1', OBSERVED, 0)).toBe('alreadyHeld');
    expect(plans.peek('call-1')).toEqual({
      capacity: 3,
      source: 'group',
      participantKey: OBSERVED,
      groupKey: policyGroupKey('tenant-1', 'Test Policy'),
    });
  });

  it('still contributes when the store cannot take the seat', async () => {
    jest.spyOn(store, 'claimSeat').mockRejectedValue(new Error('down'));

    expect(await sut.contribute(context({}))).toEqual({ participantCapacity: 3 });
  });
});
