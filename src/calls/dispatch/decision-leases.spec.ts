import { randomUUID } from 'node:crypto';
import { RedisCallStore } from '../../store/redis-call.store';
import { sampleCall } from '../../store/call-record.testing';
import { removeRedisKeys } from '../../store/redis.testing';
import type { DecisionLeases } from './decision-leases';
import { leasesOver } from './decision-leases.testing';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `switchboard-test:${randomUUID()}:`;
const LEASE_MS = 600;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One instance's leases over its own connection to the shared Redis. */
async function instance(): Promise<{ sut: DecisionLeases; store: RedisCallStore }> {
  const store = new RedisCallStore({ url: REDIS_URL, keyPrefix: PREFIX });
  return { sut: await leasesOver(store, { decisionLeaseMs: LEASE_MS }), store };
}

describe('DecisionLeases (several instances on one Redis)', () => {
  let instances: Array<{ sut: DecisionLeases; store: RedisCallStore }>;

  beforeEach(async () => {
    instances = await Promise.all([instance(), instance(), instance()]);
  });

  afterEach(async () => {
    await Promise.all(instances.map((i) => i.store.close()));
  });

  afterAll(() => removeRedisKeys(PREFIX, REDIS_URL));

  const owedCall = (owner: string, leaseUntil: number) =>
    sampleCall({
      deadlineAt: new Date(Date.now() + 10_000).toISOString(),
      pending: { owner, leaseUntil, request: null },
    });

  it('lets exactly one of many instances take over a decision whose lease ran out', async () => {
    const call = owedCall('dead-instance', Date.now() - 1);
    await instances[0].store.create(call);

    const taken = await Promise.all(
      instances.flatMap(({ sut }) => [sut.takeOver(call.id), sut.takeOver(call.id)]),
    );

    const winners = taken.filter((t) => t !== undefined);
    expect(winners).toHaveLength(1);
    const owner = (await instances[1].store.get(call.id))?.pending?.owner;
    expect(instances.map((i) => i.sut.owner)).toContain(owner);
  });

  it('leaves a decision alone while its holder renews the lease, and lets it go once the holder stops', async () => {
    const [holder, other] = instances;
    const call = owedCall(holder.sut.owner, Date.now() + LEASE_MS);
    await holder.store.create(call);
    const hold = holder.sut.hold(call);

    await sleep(LEASE_MS * 2);
    expect(await other.sut.takeOver(call.id)).toBeUndefined();
    expect(hold.signal.aborted).toBe(false);

    hold.stop();
    await sleep(LEASE_MS * 1.5);
    expect(await other.sut.takeOver(call.id)).toBeDefined();
  });

  it('stops the old holder’s work when another instance holds the decision now', async () => {
    const [holder, other] = instances;
    const call = owedCall(holder.sut.owner, Date.now() + LEASE_MS);
    await holder.store.create(call);
    const hold = holder.sut.hold(call);
    // The holder hangs: its renewals do not happen, the lease runs out and is taken.
    await holder.store.update(call.id, (c) => ({
      ...c,
      pending: { owner: 'someone-else', leaseUntil: Date.now() + 10_000, request: null },
    }));

    await sleep(LEASE_MS);
    expect(hold.signal.aborted).toBe(true);
    expect((hold.signal.reason as Error).name).toBe('LeaseLostError');
    hold.stop();
    expect(other.sut.isHeldHere(call.id)).toBe(false);
  });

  it('gives a held decision back at once, for the next scan of any instance', async () => {
    const [holder, other] = instances;
    const call = owedCall(holder.sut.owner, Date.now() + 10_000);
    await holder.store.create(call);

    expect(await holder.sut.giveBack(call.id)).toBe(true);

    expect(await other.store.due(Date.now(), 100)).toContain(call.id.toLowerCase());
    expect(await other.sut.takeOver(call.id)).toBeDefined();
  });
});
