import { performance } from 'node:perf_hooks';
import type { StoreConfigType } from '../../config';
import type { ShutdownService } from '../../health';
import { MemoryCallStore } from '../../store';
import { sampleCall } from '../../store/call-record.testing';
import { DecisionHandover } from './decision-handover';
import type { DecisionLeases, LeaseHold } from './decision-leases';
import { leasesOver } from './decision-leases.testing';
import type { DecisionScanner } from './decision-scanner';

const CONFIG = { driver: 'redis', decisionLeaseMs: 1500 } as StoreConfigType;

/**
 * A shutdown with a shared store (the driver says Redis; the embedded store stands in for it, the
 * give-back being one atomic update either way) and no grace left, so the handover comes at once.
 */
describe('DecisionHandover (shared store)', () => {
  let store: MemoryCallStore;
  let leases: DecisionLeases;
  let sut: DecisionHandover;

  beforeEach(async () => {
    store = new MemoryCallStore();
    leases = await leasesOver(store, CONFIG);
    const scanner = { stop: () => undefined } as unknown as DecisionScanner;
    const shutdown = { register: () => undefined } as unknown as ShutdownService;
    sut = new DecisionHandover(leases, scanner, shutdown, CONFIG);
  });

  afterEach(() => store.onModuleDestroy());

  async function heldDecision(): Promise<LeaseHold> {
    const call = sampleCall({
      deadlineAt: new Date(Date.now() + 10_000).toISOString(),
      pending: leases.initial(),
    });
    await store.create(call);
    return leases.hold(call);
  }

  it('counts a decision that completes while it is being given back as finished, not unfinished', async () => {
    const hold = await heldDecision();
    // Graph accepted the decision just before the give-back stopped the work: its outcome is
    // recorded after the wait, and only then does the work end.
    hold.signal.addEventListener('abort', () => {
      void store
        .update(hold.callId, (c) => ({ ...c, outcome: 'sent', pending: null }))
        .then(() => hold.stop());
    });

    const counts = await sut.drain(performance.now());

    expect(counts).toEqual({
      decisionsFinished: 1,
      decisionsHandedOver: 0,
      decisionsUnfinished: 0,
    });
    expect((await store.get(hold.callId))?.outcome).toBe('sent');
  });

  it('counts a decision still owed when its work stops as handed over, its lease ended', async () => {
    const hold = await heldDecision();
    hold.signal.addEventListener('abort', () => hold.stop());

    const counts = await sut.drain(performance.now());

    expect(counts).toEqual({
      decisionsFinished: 0,
      decisionsHandedOver: 1,
      decisionsUnfinished: 0,
    });
    const record = await store.get(hold.callId);
    expect(record?.outcome).toBe('pending');
    expect(record?.pending?.leaseUntil).toBe(0);
    expect(await store.due(Date.now(), 10)).toContain(hold.callId.toLowerCase());
  });

  it('counts each of several decisions once, whichever way each ends', async () => {
    const completes = await heldDecision();
    const stops = await heldDecision();
    const done = await heldDecision();
    completes.signal.addEventListener('abort', () => {
      void store
        .update(completes.callId, (c) => ({ ...c, outcome: 'failed', pending: null }))
        .then(() => completes.stop());
    });
    stops.signal.addEventListener('abort', () => stops.stop());
    await store.update(done.callId, (c) => ({ ...c, outcome: 'sent', pending: null }));

    // A little grace: `done` ends within the wait, the others only when stopped.
    const draining = sut.drain(performance.now() + 200);
    done.stop();
    const counts = await draining;

    expect(counts).toEqual({
      decisionsFinished: 2,
      decisionsHandedOver: 1,
      decisionsUnfinished: 0,
    });
  });

  it('counts a decision as unfinished only when the store cannot say, nor take it back', async () => {
    const hold = await heldDecision();
    hold.signal.addEventListener('abort', () => hold.stop());
    jest.spyOn(store, 'update').mockRejectedValue(new Error('store away'));

    const counts = await sut.drain(performance.now());

    expect(counts).toEqual({
      decisionsFinished: 0,
      decisionsHandedOver: 0,
      decisionsUnfinished: 1,
    });
  });
});
