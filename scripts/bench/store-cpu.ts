/**
 * `npx tsx scripts/bench/store-cpu.ts [--service <dist>/main.js] [--calls 2000]`: the store's own
 * CPU per call, memory against Redis, without the HTTP server, Graph client and logging around it
 * (what the service's CPU per call in `--store redis` adds to the memory store's). Each call is
 * the store steps one bench call makes: the three deliveries' tenant read, repeat check and marker,
 * the create, the decision's claim and outcome, the two state changes, the schedules, the end.
 * Runs `--rounds` alternating passes of each driver in this process against a private
 * `redis-server`, 20 calls in flight, and prints the process CPU per call of each pass.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { CallRecord, CallStore, MarkerWrite } from '../../src/store';
import { sampleCall } from '../../src/store/call-record.testing';
import { notificationFixture } from '../../test/support/fixtures';
import { PrivateRedis } from './private-redis';

interface StoreDrivers {
  MemoryCallStore: new (options: { liveTtlMs: number }) => CallStore;
  RedisCallStore: new (options: {
    url: string;
    keyPrefix: string;
    liveTtlMs: number;
  }) => CallStore & { close(): Promise<void> };
}

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

/** A build's store, with whatever methods it has: `retire` and `create(call, dueAt)` are new. */
function loadDrivers(serviceEntry: string): StoreDrivers {
  const store = resolve(serviceEntry, '..', 'store');
  // The Redis store is loaded from its own file: the store's index exports only its type, so that
  // the embedded default never loads ioredis.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { MemoryCallStore } = require(store) as Pick<StoreDrivers, 'MemoryCallStore'>;
  const { RedisCallStore } = require(resolve(store, 'redis-call.store')) as Pick<
    StoreDrivers,
    'RedisCallStore'
  >;
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { MemoryCallStore, RedisCallStore };
}

const now = (): string => new Date().toISOString();

/**
 * Whether a build's stores take the repeat marker and the schedule in their own steps
 * (`create(call, { dueAtMs, seen })`, `update(id, mutate, { seen, scheduleAt })`): an earlier
 * build's `create(call, dueAtMs)` declares two parameters, the later one's a single one (its
 * options have a default).
 */
const writesMarkersWith = (store: CallStore): boolean => store.create.length === 1;

/** A delivery's tenant read and repeat check: one step where the store has one (`--service`). */
async function lookUp(store: CallStore, id: string, key: string): Promise<void> {
  const lookUpDelivery = (store as Partial<CallStore>).lookUpDelivery?.bind(store) as
    ((ids: string[], markers: unknown[]) => Promise<unknown>) | undefined;
  if (lookUpDelivery) {
    await lookUpDelivery([id], [writesMarkersWith(store) ? { callId: id, key } : key]);
    return;
  }
  // A build from before lookUpDelivery: its separate tenant read and repeat check.
  await store.get(id);
  await (store as CallStore & { hasSeen(key: string): Promise<boolean> }).hasSeen(key);
}

/** The store steps of one bench call, as the build at hand makes them. */
async function oneCall(store: CallStore, template: CallRecord): Promise<void> {
  if (!writesMarkersWith(store)) return oneCallBefore(store, template);
  const id = randomUUID();
  const at = Date.now();
  const seen = (key: string): MarkerWrite => ({ marker: { callId: id, key }, ttlMs: 60_000 });
  // The incoming call: tenant read and repeat check, then create, schedule and marker in one step.
  await lookUp(store, id, `incoming:${id}`);
  await store.create({ ...template, id }, { dueAtMs: at + 1500, seen: seen(`incoming:${id}`) });
  // The decision: claim, then the outcome with the next visit.
  await store.update(id, (c) => ({ ...c, decision: 'answer', decidedAt: now(), updatedAt: now() }));
  await store.update(id, (c) => ({ ...c, outcome: 'sent', pending: null, incoming: null }), {
    scheduleAt: () => at + 60_000,
  });
  // Established (marker and next visit with the transition), then terminated (marker after the end).
  await lookUp(store, id, `established:${id}`);
  await store.update(id, (c) => ({ ...c, state: 'established', etag: 'e', updatedAt: now() }), {
    seen: seen(`established:${id}`),
    scheduleAt: () => at + 30_000,
  });
  await lookUp(store, id, `terminated:${id}`);
  await store.update(id, (c) => ({ ...c, state: 'terminated', etag: 't', updatedAt: now() }));
  await store.retire(id, 60_000);
  await store.markSeen({ callId: id, key: `terminated:${id}` }, 60_000);
}

/** An earlier build's store steps (`--service`): markers and schedules each a step of its own. */
async function oneCallBefore(store: CallStore, template: CallRecord): Promise<void> {
  // The API of that build, whose signatures this checkout no longer declares.
  const before = store as unknown as {
    create(call: CallRecord, dueAtMs?: number): Promise<boolean>;
    markSeen(key: string, ttlMs: number): Promise<void>;
  };
  const id = randomUUID();
  const at = Date.now();
  const retire = (store as Partial<CallStore>).retire?.bind(store);
  // The incoming call: tenant read, repeat check, create and schedule, marker.
  await lookUp(store, id, `incoming:${id}`);
  await before.create({ ...template, id }, at + 1500);
  if (!retire) await store.schedule(id, at + 1500);
  await before.markSeen(`incoming:${id}`, 60_000);
  // The decision: claim, outcome, next visit.
  await store.update(id, (c) => ({ ...c, decision: 'answer', decidedAt: now(), updatedAt: now() }));
  await store.update(id, (c) => ({ ...c, outcome: 'sent', pending: null, incoming: null }));
  await store.schedule(id, at + 60_000);
  // Established, then terminated: each a delivery of its own.
  for (const state of ['established', 'terminated'] as const) {
    await lookUp(store, id, `${state}:${id}`);
    await store.update(id, (c) => ({ ...c, state, etag: state, updatedAt: now() }));
    if (state === 'established') await store.schedule(id, at + 30_000);
    else if (retire) await retire(id, 60_000);
    else {
      await store.releaseAllSeats(id);
      await store.expire(id, 60_000);
      await store.unschedule(id);
    }
    await before.markSeen(`${state}:${id}`, 60_000);
  }
}

/** Process CPU (µs) per call over `calls` calls, 20 in flight, after a warm-up. */
async function measure(store: CallStore, template: CallRecord, calls: number): Promise<number> {
  for (let i = 0; i < 200; i++) await oneCall(store, template);
  let started = 0;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (started < calls) {
        started++;
        await oneCall(store, template);
      }
    }),
  );
  const used = process.cpuUsage(before);
  return Math.round((used.user + used.system) / calls);
}

async function main(): Promise<void> {
  const serviceEntry = resolve(flag('service', 'dist/main.js'));
  const calls = Number(flag('calls', '2000'));
  const rounds = Number(flag('rounds', '3'));
  const drivers = loadDrivers(serviceEntry);
  const items = notificationFixture('p2p-incoming-service-hosted').value as unknown as Array<{
    resourceData: Record<string, unknown>;
  }>;
  const template = sampleCall({
    incoming: items[0].resourceData,
    pending: { owner: randomUUID(), leaseUntil: Date.now(), request: null },
  });
  const redis = await PrivateRedis.start();
  const results: Array<{ memory: number; redis: number }> = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const memory = new drivers.MemoryCallStore({ liveTtlMs: 600_000 });
      const shared = new drivers.RedisCallStore({
        url: redis.url,
        keyPrefix: `store-cpu:${randomUUID()}:`,
        liveTtlMs: 600_000,
      });
      const memoryUs = await measure(memory, template, calls);
      const redisUs = await measure(shared, template, calls);
      await shared.close();
      (memory as Partial<{ onModuleDestroy(): void }>).onModuleDestroy?.();
      results.push({ memory: memoryUs, redis: redisUs });
      process.stdout.write(
        `round ${round + 1}: store CPU per call: memory ${memoryUs} µs, redis ${redisUs} µs\n`,
      );
    }
  } finally {
    await redis.stop();
  }
  process.stdout.write(`${JSON.stringify({ serviceEntry, calls, results })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`store-cpu: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(2);
});
