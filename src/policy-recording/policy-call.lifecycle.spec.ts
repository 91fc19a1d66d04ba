import { Test } from '@nestjs/testing';
import { CallEvents, type CallFacts, type CallRecord } from '../calls';
import { InFlightTracker } from '../health';
import { notificationFixture } from '../../test/support/fixtures';
import { MemoryCallStore } from '../store';
import { AnswerPlans } from './answer-plans';
import { ParticipantCapacityResolver } from './participant-capacity.resolver';
import { policyGroupKey } from './policy-call.facts';
import { PolicyCallLifecycle } from './policy-call.lifecycle';
import { policyExtensionOf } from './policy-recording.extension';
import { baseProviders, callsProviders, callRecord } from './policy-recording.testing';
import { SeatLedger } from './seat-ledger.service';

const RESOURCE = (
  notificationFixture('pbr-incoming').value as Array<{ resourceData: Record<string, unknown> }>
)[0].resourceData;
const OBSERVED = '30fad2ce-8989-41a1-8a66-f6636e629a2a';
const GROUP = policyGroupKey('tenant-1', 'Test Policy')!;

describe('PolicyCallLifecycle', () => {
  let sut: PolicyCallLifecycle;
  let store: MemoryCallStore;
  let events: CallEvents;
  let plans: AnswerPlans;
  let inFlight: InFlightTracker;

  beforeEach(async () => {
    store = new MemoryCallStore();
    const moduleRef = await Test.createTestingModule({
      providers: [
        ...baseProviders({ groups: [{ policyIdentifier: 'Test Policy', participantCapacity: 4 }] }),
        ...callsProviders(store),
        SeatLedger,
        AnswerPlans,
        ParticipantCapacityResolver,
        PolicyCallLifecycle,
      ],
    }).compile();
    await moduleRef.init();
    sut = moduleRef.get(PolicyCallLifecycle);
    events = moduleRef.get(CallEvents);
    plans = moduleRef.get(AnswerPlans);
    inFlight = moduleRef.get(InFlightTracker);
  });

  afterEach(() => store.onModuleDestroy());

  async function stored(id = 'call-1'): Promise<CallRecord> {
    const call = await store.get(id);
    if (!call) throw new Error('no call');
    return call;
  }

  it('puts the policy facts on an incoming policy-recording call, for operators', async () => {
    const call = callRecord({
      state: 'incoming',
      outcome: 'pending',
      participantCapacity: null,
      participantsHandled: 0,
    });
    await store.create(call);

    events.emit('incoming', { call, incoming: { resource: RESOURCE, facts: {} as CallFacts } });
    await inFlight.idle(1000);

    expect(policyExtensionOf(await stored())).toMatchObject({
      policyIdentifier: 'Test Policy',
      observedParticipantId: OBSERVED,
      participantKey: OBSERVED,
      mediaHostedRegion: 'USEA',
    });
  });

  it('records the capacity sent, takes the own seat and maps the group once answered', async () => {
    const call = callRecord({ participantCapacity: null, participantsHandled: 0 });
    await store.create(call);
    plans.remember('call-1', {
      capacity: 6,
      source: 'rule',
      participantKey: 'own',
      groupKey: GROUP,
    });

    events.emit('answered', { call });
    await inFlight.idle(1000);

    expect(await stored()).toMatchObject({ participantCapacity: 6, participantsHandled: 1 });
    expect(policyExtensionOf(await stored()).capacitySource).toBe('rule');
    expect(await store.claimSeat('call-1', 'own', 0)).toBe('alreadyHeld');
    expect(await store.getGroupCall(GROUP)).toBe('call-1');
    expect(plans.size).toBe(0);
  });

  it('works from the record when another path sent the answer, and maps no group without grouping', async () => {
    const call = callRecord({
      participantCapacity: null,
      participantsHandled: 0,
      policyIdentifier: 'Ungrouped',
      extensions: { policyRecording: { participantKey: 'own' } },
    });
    await store.create(call);

    await sut.onAnswered(call);

    expect(await stored()).toMatchObject({ participantCapacity: null, participantsHandled: 1 });
    expect(await store.getGroupCall(policyGroupKey('tenant-1', 'Ungrouped')!)).toBeUndefined();
  });

  it('gives back seats taken for an answer that did not go out', async () => {
    const call = callRecord({ outcome: 'failed', participantsHandled: 0 });
    await store.create(call);
    await store.claimSeat('call-1', 'own', 4);

    events.emit('decided', { call, action: 'answer', outcome: 'failed' });
    await inFlight.idle(1000);

    expect(await store.countSeats('call-1')).toBe(0);
  });

  it('frees every seat, zeroes participantsHandled and forgets the group when the call ends', async () => {
    const call = callRecord({ participantsHandled: 3 });
    await store.create(call);
    for (const key of ['own', 'a', 'b']) await store.claimSeat('call-1', key, 4);
    await store.setGroupCall(GROUP, 'call-1', 60_000);

    events.emit('terminated', { call: { ...call, state: 'terminated' } });
    await inFlight.idle(1000);

    expect(await store.countSeats('call-1')).toBe(0);
    expect((await stored()).participantsHandled).toBe(0);
    expect(await store.getGroupCall(GROUP)).toBeUndefined();
  });

  it('leaves calls that are not policy-based recording alone', async () => {
    const call = callRecord({
      isPolicyRecording: false,
      participantCapacity: null,
      participantsHandled: null,
    });
    await store.create(call);

    await sut.onAnswered(call);
    await sut.onTerminated(call);

    expect(await stored()).toMatchObject({
      participantCapacity: null,
      participantsHandled: null,
      extensions: {},
    });
  });
});
