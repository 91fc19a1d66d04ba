import { InvalidCursorError, type CallListQuery } from './call-list';
import type { CallRecord } from './call-record';
import { sampleCall } from './call-record.testing';
import type { CallStoreFixture } from './call-store.contract';
import type { CallStore } from './call-store';

// Recent, as real calls are: the Redis listing trims entries of calls received long ago.
const BASE = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;

/** Every page of a query, followed to the end. */
async function allPages(store: CallStore, query: CallListQuery): Promise<CallRecord[][]> {
  const pages: CallRecord[][] = [];
  let cursor: string | null | undefined;
  do {
    const page = await store.listCalls({ ...query, cursor });
    pages.push(page.calls);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 100);
  return pages;
}

/** `listCalls` of every `CallStore`: pages newest first, filters, cursors (docs/operations.md). */
export function describeCallListContract(
  name: string,
  factory: () => Promise<CallStoreFixture> | CallStoreFixture,
): void {
  describe(`CallStore.listCalls contract: ${name}`, () => {
    let fixture: CallStoreFixture;
    let sut: CallStore;
    let calls: CallRecord[];

    beforeEach(async () => {
      fixture = await factory();
      sut = fixture.store;
      // 25 calls, two of them in the same millisecond; every fifth policy recording, every
      // third established and answered.
      calls = Array.from({ length: 25 }, (_, i) =>
        sampleCall({
          receivedAt: new Date(BASE + Math.min(i, 23) * 1000).toISOString(),
          isPolicyRecording: i % 5 === 0,
          policyIdentifier: i % 5 === 0 ? 'Sales Policy' : null,
          state: i % 3 === 0 ? 'established' : 'incoming',
          decision: i % 3 === 0 ? 'answer' : null,
          outcome: i % 3 === 0 ? 'sent' : 'pending',
        }),
      );
      for (const call of [...calls].reverse()) await sut.create(call);
    });

    afterEach(() => fixture.dispose());

    it('pages through every call once, newest first', async () => {
      const pages = await allPages(sut, { limit: 10 });
      expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
      const listed = pages.flat();
      expect(new Set(listed.map((c) => c.id)).size).toBe(25);
      const times = listed.map((c) => Date.parse(c.receivedAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('filters by state, outcome, decision, since and policyIdentifier (any case)', async () => {
      const ids = async (query: CallListQuery) =>
        new Set((await allPages(sut, query)).flat().map((c) => c.id));
      const expected = (keep: (c: CallRecord, i: number) => boolean) =>
        new Set(calls.filter(keep).map((c) => c.id));

      expect(await ids({ limit: 4, filters: { state: 'established' } })).toEqual(
        expected((_, i) => i % 3 === 0),
      );
      expect(await ids({ limit: 4, filters: { outcome: 'pending', decision: undefined } })).toEqual(
        expected((_, i) => i % 3 !== 0),
      );
      expect(await ids({ limit: 50, filters: { decision: 'answer' } })).toEqual(
        expected((_, i) => i % 3 === 0),
      );
      expect(
        await ids({ limit: 3, filters: { since: new Date(BASE + 20_000).toISOString() } }),
      ).toEqual(expected((_, i) => i >= 20));
      expect(await ids({ limit: 2, filters: { policyIdentifier: 'sales POLICY' } })).toEqual(
        expected((_, i) => i % 5 === 0),
      );
    });

    it('leaves deleted calls out and refuses a cursor it did not make', async () => {
      await sut.delete(calls[24].id);
      const listed = (await allPages(sut, { limit: 7 })).flat();
      expect(listed).toHaveLength(24);
      expect(listed.some((c) => c.id === calls[24].id)).toBe(false);
      await expect(sut.listCalls({ limit: 5, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
    });
  });
}
