import { MemoryCallStore } from '../../store';
import { sampleCall } from '../../store/call-record.testing';
import type { DecisionLeases, LeaseLostError } from './decision-leases';
import { leasesOver } from './decision-leases.testing';

const LEASE_MS = 300;
const HELD = 50;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('DecisionLeases renewal (one tick per process)', () => {
  let store: MemoryCallStore;
  let sut: DecisionLeases;

  beforeEach(async () => {
    store = new MemoryCallStore();
    sut = await leasesOver(store, { decisionLeaseMs: LEASE_MS });
  });

  afterEach(() => {
    jest.restoreAllMocks();
    store.onModuleDestroy();
  });

  async function held(count: number) {
    const calls = Array.from({ length: count }, () =>
      sampleCall({
        deadlineAt: new Date(Date.now() + 10_000).toISOString(),
        pending: sut.initial(),
      }),
    );
    await Promise.all(calls.map((call) => store.create(call)));
    return calls.map((call) => sut.hold(call));
  }

  it('renews every held lease from one timer, and drops the timer when nothing is held', async () => {
    const setInterval = jest.spyOn(global, 'setInterval');
    const clearInterval = jest.spyOn(global, 'clearInterval');
    const holds = await held(HELD);
    expect(setInterval).toHaveBeenCalledTimes(1);

    // Three leases long: without renewals every lease would have run out twice over.
    await sleep(LEASE_MS * 3);
    const now = Date.now();
    const records = await Promise.all(holds.map((h) => store.get(h.callId)));
    const expired = records.filter((r) => (r?.pending?.leaseUntil ?? 0) <= now);
    expect(expired).toHaveLength(0);
    expect(holds.every((h) => !h.signal.aborted)).toBe(true);

    for (const hold of holds) hold.stop();
    expect(clearInterval).toHaveBeenCalledTimes(1);
    expect(setInterval).toHaveBeenCalledTimes(1);
  });

  it('stops only the work whose lease another instance holds now, and stops renewing a finished one', async () => {
    const [kept, lost, done] = await held(3);
    await store.update(lost.callId, (c) => ({
      ...c,
      pending: { owner: 'someone-else', leaseUntil: Date.now() + 10_000, request: null },
    }));
    done.stop();
    const doneLease = (await store.get(done.callId))?.pending?.leaseUntil;

    await sleep(LEASE_MS * 2);

    expect(lost.signal.aborted).toBe(true);
    expect((lost.signal.reason as LeaseLostError).why).toBe('lost');
    expect(kept.signal.aborted).toBe(false);
    expect((await store.get(done.callId))?.pending?.leaseUntil).toBe(doneLease);
    kept.stop();
    lost.stop();
  });
});
