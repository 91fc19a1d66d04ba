import { Test } from '@nestjs/testing';
import type { CallRecord } from '../calls';
import type { PolicyRecordingConfigType } from '../config';
import { ReadinessService } from '../health';
import { MetricsService } from '../metrics';
import { NotificationRouter } from '../notification';
import { MemoryCallStore } from '../store';
import { AnswerPlans } from './answer-plans';
import { JoinResponses } from './join-responses';
import { ParticipantJoiningHandler } from './participant-joining.handler';
import { policyGroupKey } from './policy-call.facts';
import { PolicyRecordingMetrics } from './policy-recording.metrics';
import {
  baseProviders,
  callsProviders,
  callRecord,
  joiningItem,
  routed,
} from './policy-recording.testing';
import { SeatLedger } from './seat-ledger.service';

const ACCEPT = { '@odata.type': '#microsoft.graph.acceptJoinResponse' };
const INVITE_OWN = {
  '@odata.type': '#microsoft.graph.inviteNewBotResponse',
  inviteUri: 'https://bot.test/api/calling',
};

describe('ParticipantJoiningHandler', () => {
  let sut: ParticipantJoiningHandler;
  let store: MemoryCallStore;
  let readiness: ReadinessService;
  let router: NotificationRouter;

  async function setUp(config: Partial<PolicyRecordingConfigType> = {}): Promise<void> {
    store = new MemoryCallStore();
    const moduleRef = await Test.createTestingModule({
      providers: [
        ...baseProviders(config),
        ...callsProviders(store),
        SeatLedger,
        AnswerPlans,
        JoinResponses,
        ReadinessService,
        MetricsService,
        PolicyRecordingMetrics,
        NotificationRouter,
        ParticipantJoiningHandler,
      ],
    }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    sut = moduleRef.get(ParticipantJoiningHandler);
    readiness = moduleRef.get(ReadinessService);
    router = moduleRef.get(NotificationRouter);
  }

  /** A call answered with capacity 3 whose own participant holds the first seat. */
  async function answered(overrides: Partial<CallRecord> = {}): Promise<CallRecord> {
    const call = callRecord(overrides);
    await store.create(call);
    await store.claimSeat(call.id, 'own', 3);
    return call;
  }

  const joining = (callPath: string | null, participant: string, policy?: string) =>
    sut.onJoining(routed('participantJoining', joiningItem(callPath, participant, policy)));

  afterEach(() => store.onModuleDestroy());

  beforeEach(() => setUp());

  it('registers itself for participantJoining with the router', () => {
    expect(router.hasHandlers('participantJoining')).toBe(true);
  });

  it('accepts while there is capacity, then answers whenFull (inviteNewBot, our callback)', async () => {
    await answered();

    expect(await joining('call-1', 'p1')).toEqual(ACCEPT);
    expect(await joining('call-1', 'p2')).toEqual(ACCEPT);
    expect(await joining('call-1', 'p3')).toEqual(INVITE_OWN);
    expect(await store.countSeats('call-1')).toBe(3);
  });

  it('accepts a participant who already holds a seat, without a second one', async () => {
    await answered();
    await joining('call-1', 'p1');

    expect(await joining('CALL-1', 'P1')).toEqual(ACCEPT);
    expect(await store.countSeats('call-1')).toBe(2);
  });

  it('keeps participantsHandled in step with the seats', async () => {
    await answered({ participantsHandled: 1 });
    await joining('call-1', 'p1');

    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await store.get('call-1'))?.participantsHandled).toBe(2);
  });

  it('gives the last seat to exactly one of many concurrent joins', async () => {
    await answered({ participantCapacity: 2 });

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => joining('call-1', `p${i}`)),
    );

    expect(responses.filter((r) => r['@odata.type'] === ACCEPT['@odata.type'])).toHaveLength(1);
    expect(await store.countSeats('call-1')).toBe(2);
  });

  it.each([
    ['an unknown call', null],
    ['an ended call', { state: 'terminated' as const }],
    ['a call whose answer failed', { outcome: 'failed' as const }],
    ['a call that is not policy-based recording', { isPolicyRecording: false }],
  ])('invites a join for %s to our own callback', async (_what, overrides) => {
    if (overrides) await answered(overrides);

    expect(await joining('call-1', 'p1')).toEqual(INVITE_OWN);
  });

  it('answers whenFull for a call that does not group (capacity 0, 1 or none)', async () => {
    for (const participantCapacity of [0, 1, null]) {
      await store.delete('call-1');
      await answered({ participantCapacity });
      expect(await joining('call-1', 'p1')).toEqual(INVITE_OWN);
      // The call's own participant, joining again, is still its own.
      expect(await joining('call-1', 'own')).toEqual(ACCEPT);
      expect(await store.countSeats('call-1')).toBe(1);
    }
  });

  it('uses rejectJoinResponse with the configured reason, and a configured inviteUri', async () => {
    await setUp({ whenFull: 'reject', rejectReason: 'forbidden' });
    await answered({ participantCapacity: 2 });
    await joining('call-1', 'p1');
    expect(await joining('call-1', 'p2')).toEqual({
      '@odata.type': '#microsoft.graph.rejectJoinResponse',
      reason: 'forbidden',
    });

    await setUp({ inviteUri: 'https://overflow.test/api/calling' });
    await answered({ participantCapacity: 2 });
    await joining('call-1', 'p1');
    expect(await joining('call-1', 'p2')).toEqual({
      '@odata.type': '#microsoft.graph.inviteNewBotResponse',
      inviteUri: 'https://overflow.test/api/calling',
    });
  });

  it('takes no new seat while draining, but accepts a seated participant again', async () => {
    await answered();
    await joining('call-1', 'p1');
    readiness.startDraining();

    expect(await joining('call-1', 'p2')).toEqual(INVITE_OWN);
    expect(await joining('call-1', 'p1')).toEqual(ACCEPT);
    expect(await store.countSeats('call-1')).toBe(2);
  });

  it("finds the policy group's call when the path names none", async () => {
    await answered({ id: 'group-call' });
    await store.setGroupCall(policyGroupKey('tenant-1', 'Test Policy')!, 'group-call', 60_000);

    expect(await joining(null, 'p1')).toEqual(ACCEPT);
    expect(await joining(null, 'p2', 'Another Policy')).toEqual(INVITE_OWN);
    expect(await store.countSeats('group-call')).toBe(2);
  });

  it('answers in time when the store is slow, and gives the late seat back', async () => {
    await setUp({ joinBudgetMs: 50 });
    await answered();
    const claimSeat = store.claimSeat.bind(store);
    jest.spyOn(store, 'claimSeat').mockImplementation(async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return claimSeat(...args);
    });

    // Without the budget the slow claim would succeed and the join be accepted.
    expect(await joining('call-1', 'p1')).toEqual(INVITE_OWN);

    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await store.countSeats('call-1')).toBe(1);
  });

  it('invites to our own callback when the store fails', async () => {
    await answered();
    jest.spyOn(store, 'claimSeat').mockRejectedValue(new Error('store down'));

    expect(await joining('call-1', 'p1')).toEqual(INVITE_OWN);
  });
});
