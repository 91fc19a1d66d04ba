import { Test } from '@nestjs/testing';
import { MetricsService } from '../metrics';
import { NotificationRouter } from '../notification';
import { MemoryCallStore } from '../store';
import { ParticipantLeavingHandler } from './participant-leaving.handler';
import { PolicyRecordingMetrics } from './policy-recording.metrics';
import { baseProviders, callsProviders, callRecord, routed } from './policy-recording.testing';
import { SeatLedger } from './seat-ledger.service';

const CALL = '/communications/calls/call-1';

function left(participantId: string): Record<string, unknown> {
  return {
    changeType: 'deleted',
    resourceUrl: `${CALL}/participantLeftNotification`,
    resourceData: {
      '@odata.type': '#microsoft.graph.participantLeftNotification',
      participantId,
      call: { '@odata.type': '#microsoft.graph.call', id: 'call-1' },
    },
  };
}

function roster(
  changeType: 'updated' | 'deleted',
  entries: Array<Record<string, unknown>>,
): Record<string, unknown> {
  return {
    changeType,
    resourceUrl: `${CALL}/participants`,
    resourceData: entries.map((entry) => ({
      '@odata.type': '#microsoft.graph.participant',
      ...entry,
    })),
  };
}

describe('ParticipantLeavingHandler', () => {
  let sut: ParticipantLeavingHandler;
  let store: MemoryCallStore;
  let metrics: PolicyRecordingMetrics;

  beforeEach(async () => {
    store = new MemoryCallStore();
    const moduleRef = await Test.createTestingModule({
      providers: [
        ...baseProviders(),
        ...callsProviders(store),
        SeatLedger,
        MetricsService,
        PolicyRecordingMetrics,
        NotificationRouter,
        ParticipantLeavingHandler,
      ],
    }).compile();
    await moduleRef.init();
    sut = moduleRef.get(ParticipantLeavingHandler);
    metrics = moduleRef.get(PolicyRecordingMetrics);
    await store.create(callRecord({ participantsHandled: 3 }));
    for (const key of ['own', 'p1', 'p2']) await store.claimSeat('call-1', key, 3);
  });

  afterEach(() => store.onModuleDestroy());

  const released = async (): Promise<number> =>
    (await metrics.seatsReleased.get()).values.reduce((sum, v) => sum + v.value, 0);

  it('frees the seat of a participant who left, and only once', async () => {
    await sut.onParticipantLeft(routed('participantLeft', left('P1')));
    await sut.onParticipantLeft(routed('participantLeft', left('p1')));

    expect(await store.countSeats('call-1')).toBe(2);
    expect(await released()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await store.get('call-1'))?.participantsHandled).toBe(2);
  });

  it('frees nothing for a participant without a seat', async () => {
    await sut.onParticipantLeft(routed('participantLeft', left('stranger')));

    expect(await store.countSeats('call-1')).toBe(3);
    expect(await released()).toBe(0);
  });

  it('frees every participant of a deleted roster', async () => {
    await sut.onRoster(
      routed('participants', roster('deleted', [{ id: 'p1' }, { id: 'p2' }, { id: 'x' }])),
    );

    expect(await store.countSeats('call-1')).toBe(1);
  });

  it('frees the participant a deletion on /participants/{id} names, with or without an entity', async () => {
    const gone = (id: string, resourceData?: unknown): ReturnType<typeof routed> => ({
      ...routed('participants', {
        changeType: 'deleted',
        resourceUrl: `${CALL}/participants/${id}`,
        ...(resourceData === undefined ? {} : { resourceData }),
      }),
      subResourceId: id,
    });
    await sut.onRoster(gone('P1'));
    await sut.onRoster(gone('p2', { '@odata.type': '#microsoft.graph.participant' }));

    expect(await store.countSeats('call-1')).toBe(1);
    expect(await released()).toBe(2);
  });

  it('frees removed participants of an updated roster, and reads absence as nothing', async () => {
    await sut.onRoster(routed('participants', roster('updated', [{ id: 'own' }])));
    expect(await store.countSeats('call-1')).toBe(3);

    await sut.onRoster(
      routed('participants', roster('updated', [{ id: 'p2', removedState: { reason: 'hungUp' } }])),
    );
    expect(await store.countSeats('call-1')).toBe(2);
  });
});
