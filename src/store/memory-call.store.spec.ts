import { describeCallListContract } from './call-list.contract';
import { sampleCall } from './call-record.testing';
import { describeCallStoreContract } from './call-store.contract';
import { MemoryCallStore } from './memory-call.store';

describeCallStoreContract('memory', ({ liveTtlMs }) => {
  const store = new MemoryCallStore({ liveTtlMs });
  return { store, dispose: async () => store.onModuleDestroy() };
});

describeCallListContract('memory', () => {
  const store = new MemoryCallStore();
  return { store, dispose: async () => store.onModuleDestroy() };
});

describe('MemoryCallStore retention', () => {
  let store: MemoryCallStore;

  afterEach(() => store.onModuleDestroy());

  it('keeps at most maxRetainedCalls ended calls, the oldest going first; live calls stay', async () => {
    store = new MemoryCallStore({ liveTtlMs: 60_000, maxRetainedCalls: 3 });
    const live = sampleCall({ state: 'established' });
    await store.create(live);
    const ended = Array.from({ length: 5 }, () => sampleCall({ state: 'terminated' }));
    for (const call of ended) {
      await store.create(call);
      await store.expire(call.id, 3_600_000);
    }

    const kept = await Promise.all(
      ended.map(async (call) => (await store.get(call.id)) !== undefined),
    );
    expect(kept).toEqual([false, false, true, true, true]);
    expect(await store.get(live.id)).toBeDefined();
    const page = await store.listCalls({ limit: 10 });
    expect(page.calls).toHaveLength(4);
  });

  it('a call given a retention again counts as the newest', async () => {
    store = new MemoryCallStore({ liveTtlMs: 60_000, maxRetainedCalls: 2 });
    const [a, b, c] = [sampleCall(), sampleCall(), sampleCall()];
    for (const call of [a, b]) {
      await store.create(call);
      await store.expire(call.id, 60_000);
    }
    await store.expire(a.id, 60_000);
    await store.create(c);
    await store.expire(c.id, 60_000);

    expect(await store.get(a.id)).toBeDefined();
    expect(await store.get(b.id)).toBeUndefined();
    expect(await store.get(c.id)).toBeDefined();
  });

  it('sweeps expired calls, repeat markers and their schedules without being read', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-12-04T12:00:00Z') });
    try {
      store = new MemoryCallStore({ liveTtlMs: 60_000 });
      const gone = sampleCall({ state: 'terminated' });
      const stays = sampleCall({ state: 'established' });
      await store.create(gone);
      await store.create(stays);
      await store.expire(gone.id, 1_000);
      await store.schedule(gone.id, Date.now() + 500);
      const marker = { callId: 'x', key: 'notification:created|/communications/calls/x|W/"1"' };
      await store.markSeen(marker, 1_000);

      jest.advanceTimersByTime(10_000);

      const listed = await store.list();
      expect(listed.map((call) => call.id)).toEqual([stays.id]);
      expect(await store.due(Date.now(), 10)).toEqual([]);
      expect((await store.lookUpDelivery([], [marker])).seen).toEqual([false]);
    } finally {
      jest.useRealTimers();
    }
  });
});
