import { randomUUID } from 'node:crypto';
import type { CallRecord } from './call-record';
import { sampleCall } from './call-record.testing';
import type { CallStore, RepeatMarker } from './call-store';

/** What a contract run needs: a fresh store, and how to dispose of it. */
export interface CallStoreFixture {
  store: CallStore;
  dispose(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The behaviour every `CallStore` must have, whatever holds the data. A new driver passes this
 * suite before it is wired into `StoreModule`.
 */
export function describeCallStoreContract(
  name: string,
  factory: (options: { liveTtlMs: number }) => Promise<CallStoreFixture> | CallStoreFixture,
): void {
  /** Short, so that lifetimes can be watched. */
  const liveTtlMs = 1000;

  describe(`CallStore contract: ${name}`, () => {
    let fixture: CallStoreFixture;
    let sut: CallStore;

    beforeEach(async () => {
      fixture = await factory({ liveTtlMs });
      sut = fixture.store;
    });

    afterEach(async () => {
      await fixture.dispose();
    });

    describe('create and get', () => {
      it('adds a call once: a second create with the same id is refused and changes nothing', async () => {
        const call = sampleCall({ tenantId: 'first' });

        expect(await sut.create(call)).toBe(true);
        expect(await sut.create({ ...call, tenantId: 'second' })).toBe(false);

        expect((await sut.get(call.id))?.tenantId).toBe('first');
      });

      it('matches ids case-insensitively and keeps the id as given', async () => {
        const call = sampleCall({ id: 'AbC-123_x' });
        await sut.create(call);

        expect(await sut.create(sampleCall({ id: 'abc-123_X' }))).toBe(false);
        expect((await sut.get('ABC-123_X'))?.id).toBe('AbC-123_x');
      });

      it('lets exactly one of many concurrent creates of the same id win', async () => {
        const id = `Race-${randomUUID()}`;
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => sut.create(sampleCall({ id, tenantId: `t${i}` }))),
        );

        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('answers undefined for an unknown call', async () => {
        expect(await sut.get(`unknown-${randomUUID()}`)).toBeUndefined();
      });

      it('never lets a returned record change the stored one (a copy, or frozen)', async () => {
        const call = sampleCall();
        await sut.create(call);
        const returned = (await sut.get(call.id))!;
        try {
          returned.contentSharingSessions.push('s1');
          returned.state = 'terminated';
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
        }

        const again = (await sut.get(call.id))!;
        expect(again.state).toBe('incoming');
        expect(again.contentSharingSessions).toEqual([]);
      });

      it('keeps every field as it was written', async () => {
        const call = sampleCall({
          caller: { kind: 'phone', id: '+14255550100', displayName: null },
          timings: { decision: 1.5 },
          extensions: { media: { profile: 'x', nested: [1, 'two', null] } },
          incoming: { '@odata.type': '#microsoft.graph.call' },
        });
        await sut.create(call);

        expect(await sut.get(call.id.toUpperCase())).toEqual(call);
      });

      it('lists the calls it holds', async () => {
        const a = sampleCall();
        const b = sampleCall();
        await sut.create(a);
        await sut.create(b);

        const ids = (await sut.list()).map((c) => c.id);
        expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
      });
    });

    describe('update', () => {
      it('applies the mutation and returns the stored record', async () => {
        const call = sampleCall();
        await sut.create(call);

        const updated = await sut.update(call.id.toLowerCase(), (c) => ({
          ...c,
          state: 'established',
        }));

        expect(updated?.state).toBe('established');
        expect((await sut.get(call.id))?.state).toBe('established');
      });

      it('leaves the record alone when the mutation returns undefined', async () => {
        const call = sampleCall();
        await sut.create(call);

        const result = await sut.update(call.id, () => undefined);

        expect(result).toEqual(call);
      });

      it('answers undefined for an unknown call and does not create it', async () => {
        const id = `unknown-${randomUUID()}`;
        const mutate = jest.fn((c: CallRecord) => c);

        expect(await sut.update(id, mutate)).toBeUndefined();
        expect(mutate).not.toHaveBeenCalled();
        expect(await sut.get(id)).toBeUndefined();
      });

      it('loses no write when many updates of the same call run concurrently', async () => {
        const call = sampleCall({ participantsHandled: 0 });
        await sut.create(call);

        await Promise.all(
          Array.from({ length: 40 }, () =>
            sut.update(call.id, (c) => ({
              ...c,
              participantsHandled: (c.participantsHandled ?? 0) + 1,
            })),
          ),
        );

        expect((await sut.get(call.id))?.participantsHandled).toBe(40);
      });

      it('lets exactly one of many concurrent conditional updates win', async () => {
        const call = sampleCall();
        await sut.create(call);
        let winners = 0;

        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            sut.update(call.id, (c) => {
              if (c.decision !== null) return undefined;
              return { ...c, decision: 'answer', tenantId: `winner-${i}` };
            }),
          ),
        );
        const stored = (await sut.get(call.id))!;
        for (let i = 0; i < 20; i++) if (stored.tenantId === `winner-${i}`) winners++;

        expect(stored.decision).toBe('answer');
        expect(winners).toBe(1);
      });
    });

    describe('delete and expire', () => {
      it('deletes a call and its seats', async () => {
        const call = sampleCall();
        await sut.create(call);
        await sut.claimSeat(call.id, 'p1', 5);

        await sut.delete(call.id.toUpperCase());

        expect(await sut.get(call.id)).toBeUndefined();
        expect(await sut.countSeats(call.id)).toBe(0);
        expect((await sut.list()).map((c) => c.id)).not.toContain(call.id);
      });

      it('forgets an expired call after its time to live, and not before', async () => {
        const call = sampleCall();
        await sut.create(call);

        await sut.expire(call.id, 150);
        expect(await sut.get(call.id)).toBeDefined();
        await sleep(400);

        expect(await sut.get(call.id)).toBeUndefined();
        expect((await sut.list()).map((c) => c.id)).not.toContain(call.id);
      });

      it('retires a call in one step: seats freed, off the schedule, kept for the retention', async () => {
        const call = sampleCall();
        await sut.create(call, { dueAtMs: Date.now() - 1 });
        await sut.claimSeat(call.id, 'p1', 5);

        await sut.retire(call.id.toUpperCase(), 500);

        expect(await sut.get(call.id)).toBeDefined();
        expect(await sut.countSeats(call.id)).toBe(0);
        expect(await sut.due(Date.now(), 100)).not.toContain(call.id.toLowerCase());
        await sleep(800);
        expect(await sut.get(call.id)).toBeUndefined();
      });

      it('keeps the expiry when the call is updated afterwards', async () => {
        const call = sampleCall();
        await sut.create(call);
        await sut.expire(call.id, 150);

        await sut.update(call.id, (c) => ({ ...c, state: 'terminated' }));
        await sleep(400);

        expect(await sut.get(call.id)).toBeUndefined();
      });
    });

    describe('seats', () => {
      it('claims, recognises a seat already held, and refuses when full', async () => {
        const id = `Seats-${randomUUID()}`;

        expect(await sut.claimSeat(id, 'P1', 2)).toBe('claimed');
        expect(await sut.claimSeat(id.toLowerCase(), 'p1', 2)).toBe('alreadyHeld');
        expect(await sut.claimSeat(id, 'p2', 2)).toBe('claimed');
        expect(await sut.claimSeat(id, 'p3', 2)).toBe('full');
        expect(await sut.countSeats(id)).toBe(2);
      });

      it('gives the last seat to exactly one of many concurrent claims', async () => {
        const id = `Seats-${randomUUID()}`;
        await sut.claimSeat(id, 'first', 3);
        await sut.claimSeat(id, 'second', 3);

        const results = await Promise.all(
          Array.from({ length: 25 }, (_, i) => sut.claimSeat(id, `joiner-${i}`, 3)),
        );

        expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
        expect(results.filter((r) => r === 'full')).toHaveLength(24);
        expect(await sut.countSeats(id)).toBe(3);
      });

      it('frees a held seat once; a repeated release or an unknown participant frees nothing', async () => {
        const id = `Seats-${randomUUID()}`;
        await sut.claimSeat(id, 'p1', 1);

        expect(await sut.releaseSeat(id, 'unknown')).toBe(false);
        expect(await sut.releaseSeat(id, 'P1')).toBe(true);
        expect(await sut.releaseSeat(id, 'p1')).toBe(false);
        expect(await sut.claimSeat(id, 'p2', 1)).toBe('claimed');
      });

      it('frees every seat of a call at once', async () => {
        const id = `Seats-${randomUUID()}`;
        await sut.claimSeat(id, 'p1', 5);
        await sut.claimSeat(id, 'p2', 5);

        await sut.releaseAllSeats(id);

        expect(await sut.countSeats(id)).toBe(0);
      });

      it('keeps the seats of different calls apart', async () => {
        const a = `Seats-${randomUUID()}`;
        const b = `Seats-${randomUUID()}`;
        await sut.claimSeat(a, 'p1', 1);

        expect(await sut.claimSeat(b, 'p1', 1)).toBe('claimed');
        expect(await sut.countSeats(a)).toBe(1);
      });
    });

    describe('repeat markers', () => {
      const markerOf = (callId?: string): RepeatMarker => ({
        callId,
        key: `notification:updated|/communications/calls/${callId ?? 'none'}|${randomUUID()}`,
      });
      const hasSeen = async (marker: RepeatMarker): Promise<boolean> =>
        (await sut.lookUpDelivery([], [marker])).seen[0];

      it('says seen only after markSeen, and forgets after the time to live', async () => {
        const marker = markerOf(`Call-${randomUUID()}`);

        expect(await hasSeen(marker)).toBe(false);
        await sut.markSeen(marker, 150);
        expect(await hasSeen(marker)).toBe(true);
        await sleep(400);
        expect(await hasSeen(marker)).toBe(false);
      });

      it('tells markers apart by their call (case-insensitively) and key, with or without a call', async () => {
        const callId = `Call-${randomUUID()}`;
        const marker = markerOf(callId);
        await sut.markSeen(marker, 60_000);

        expect(await hasSeen({ callId: callId.toUpperCase(), key: marker.key })).toBe(true);
        expect(await hasSeen({ callId: `other-${randomUUID()}`, key: marker.key })).toBe(false);
        expect(await hasSeen({ key: marker.key })).toBe(false);
        const alone = markerOf();
        await sut.markSeen(alone, 60_000);
        expect(await hasSeen(alone)).toBe(true);
      });

      it('writes the marker with a created call, and leaves a repeat’s to the caller', async () => {
        const call = sampleCall({ id: `Marked-${randomUUID()}` });
        const first = markerOf(call.id);
        const repeat = markerOf(call.id);

        expect(await sut.create(call, { seen: { marker: first, ttlMs: 60_000 } })).toBe(true);
        expect(await hasSeen(first)).toBe(true);
        const again = sampleCall({ id: call.id });
        expect(await sut.create(again, { seen: { marker: repeat, ttlMs: 60_000 } })).toBe(false);
        expect(await hasSeen(repeat)).toBe(false);
      });

      it('writes the marker with an update: when it writes, when it changes nothing, when the call is unknown', async () => {
        const call = sampleCall({ id: `Marked-${randomUUID()}` });
        await sut.create(call);
        const written = markerOf(call.id);
        const unchanged = markerOf(call.id);
        const unknownId = `unknown-${randomUUID()}`;
        const unknown = markerOf(unknownId);

        const stored = await sut.update(call.id, (c) => ({ ...c, state: 'establishing' }), {
          seen: { marker: written, ttlMs: 60_000 },
        });
        expect(stored?.state).toBe('establishing');
        expect(await hasSeen(written)).toBe(true);
        await sut.update(call.id, () => undefined, { seen: { marker: unchanged, ttlMs: 60_000 } });
        expect(await hasSeen(unchanged)).toBe(true);
        const none = await sut.update(unknownId, (c) => c, {
          seen: { marker: unknown, ttlMs: 60_000 },
        });
        expect(none).toBeUndefined();
        expect(await hasSeen(unknown)).toBe(true);
        expect((await sut.get(call.id))?.state).toBe('establishing');
      });

      it('writes an update’s marker of another call, or of none, too', async () => {
        const call = sampleCall({ id: `Marked-${randomUUID()}` });
        await sut.create(call);
        const elsewhere = markerOf(`other-${randomUUID()}`);
        const alone = markerOf();

        await sut.update(call.id, (c) => ({ ...c, state: 'establishing' }), {
          seen: { marker: elsewhere, ttlMs: 60_000 },
        });
        await sut.update(call.id, (c) => ({ ...c, state: 'established' }), {
          seen: { marker: alone, ttlMs: 60_000 },
        });

        expect(await hasSeen(elsewhere)).toBe(true);
        expect(await hasSeen(alone)).toBe(true);
        expect((await sut.get(call.id))?.state).toBe('established');
      });

      it('writes no marker when the mutation throws', async () => {
        const call = sampleCall({ id: `Marked-${randomUUID()}` });
        await sut.create(call);
        const marker = markerOf(call.id);

        await expect(
          sut.update(
            call.id,
            () => {
              throw new Error('a handler bug');
            },
            { seen: { marker, ttlMs: 60_000 } },
          ),
        ).rejects.toThrow();

        expect(await hasSeen(marker)).toBe(false);
      });

      it('keeps a marker written with an update for its own time to live', async () => {
        const call = sampleCall({ id: `Marked-${randomUUID()}` });
        await sut.create(call);
        const marker = markerOf(call.id);

        await sut.update(call.id, (c) => ({ ...c, state: 'establishing' }), {
          seen: { marker, ttlMs: 150 },
        });
        expect(await hasSeen(marker)).toBe(true);
        await sleep(400);

        expect(await hasSeen(marker)).toBe(false);
        expect(await sut.get(call.id)).toBeDefined();
      });

      it('lets concurrent updates with markers each write their change and their marker', async () => {
        const call = sampleCall({ id: `Marked-${randomUUID()}` });
        await sut.create(call);
        const markers = Array.from({ length: 10 }, () => markerOf(call.id));

        await Promise.all(
          markers.map((marker, i) =>
            sut.update(
              call.id,
              (c) => ({ ...c, contentSharingSessions: [...c.contentSharingSessions, `s${i}`] }),
              { seen: { marker, ttlMs: 60_000 } },
            ),
          ),
        );

        expect((await sut.get(call.id))?.contentSharingSessions).toHaveLength(10);
        expect((await sut.lookUpDelivery([], markers)).seen).toEqual(markers.map(() => true));
      });
    });

    describe('delivery lookup', () => {
      it('reads the calls and the repeat markers of a delivery, each in the order asked', async () => {
        const known = sampleCall({ id: `Lookup-${randomUUID()}`, tenantId: 'tenant-a' });
        await sut.create(known);
        const marked = { callId: known.id, key: `delivery-${randomUUID()}` };
        const unmarked = { callId: known.id, key: `delivery-${randomUUID()}` };
        await sut.markSeen(marked, 60_000);

        const lookup = await sut.lookUpDelivery(
          [`unknown-${randomUUID()}`, known.id.toUpperCase()],
          [unmarked, marked],
        );

        expect(lookup.calls[0]).toBeUndefined();
        expect(lookup.calls[1]).toEqual(await sut.get(known.id));
        expect(lookup.calls[1]?.tenantId).toBe('tenant-a');
        expect(lookup.seen).toEqual([false, true]);
      });

      it('answers an empty lookup with nothing, and reads what create and markSeen wrote since', async () => {
        expect(await sut.lookUpDelivery([], [])).toEqual({ calls: [], seen: [] });
        const call = sampleCall();
        const marker = { callId: call.id, key: `delivery-${randomUUID()}` };
        expect(await sut.lookUpDelivery([call.id], [marker])).toEqual({
          calls: [undefined],
          seen: [false],
        });
        await sut.create(call);
        await sut.markSeen(marker, 60_000);
        const after = await sut.lookUpDelivery([call.id], [marker]);
        expect(after.calls[0]?.id).toBe(call.id);
        expect(after.seen).toEqual([true]);
      });
    });

    describe('lifetimes', () => {
      it('renews a live call with every write, and drops it after its time to live without', async () => {
        const call = sampleCall();
        await sut.create(call);
        await sleep(liveTtlMs * 0.5);
        await sut.update(call.id, (c) => ({ ...c, state: 'establishing' }));
        await sleep(liveTtlMs * 0.5);

        expect((await sut.get(call.id))?.state).toBe('establishing');
        await sleep(liveTtlMs * 0.8);
        expect(await sut.get(call.id)).toBeUndefined();
      });

      it('keeps the retention of a settled call when it is written again', async () => {
        const call = sampleCall({ state: 'terminated' });
        await sut.create(call);
        await sut.expire(call.id, 100);
        await sut.update(call.id, (c) => ({ ...c, etag: 'W/"2"' }));

        await sleep(300);
        expect(await sut.get(call.id)).toBeUndefined();
      });
    });

    describe('schedule', () => {
      it('hands out the calls whose time has come, once each, until rescheduled', async () => {
        const early = sampleCall();
        const later = sampleCall();
        const now = Date.now();
        await sut.schedule(early.id, now - 10);
        await sut.schedule(later.id, now + 60_000);

        const due = await sut.due(now, 100);
        expect(due).toContain(early.id.toLowerCase());
        expect(due).not.toContain(later.id.toLowerCase());

        await sut.schedule(early.id, now + 60_000);
        expect(await sut.due(now, 100)).not.toContain(early.id.toLowerCase());
        await sut.schedule(later.id, now - 1);
        await sut.unschedule(later.id.toUpperCase());
        expect(await sut.due(now, 100)).not.toContain(later.id.toLowerCase());
      });

      it('schedules a new call with its create, and leaves the schedule of a call it repeats alone', async () => {
        const call = sampleCall();
        const now = Date.now();
        expect(await sut.create(call, { dueAtMs: now - 10 })).toBe(true);
        expect(await sut.due(now, 100)).toContain(call.id.toLowerCase());

        await sut.schedule(call.id, now + 60_000);
        expect(await sut.create(sampleCall({ id: call.id }), { dueAtMs: now - 10 })).toBe(false);

        expect(await sut.due(now, 100)).not.toContain(call.id.toLowerCase());
      });

      it('schedules a call with an update that writes it, and not with one that writes nothing', async () => {
        const call = sampleCall();
        await sut.create(call);
        const now = Date.now();

        const stored = await sut.update(call.id, (c) => ({ ...c, state: 'established' }), {
          scheduleAt: (next) => (next.state === 'established' ? now - 10 : undefined),
        });
        expect(stored?.state).toBe('established');
        expect(await sut.due(now, 100)).toContain(call.id.toLowerCase());

        await sut.schedule(call.id, now + 60_000);
        await sut.update(call.id, () => undefined, { scheduleAt: () => now - 10 });
        expect(await sut.due(now, 100)).not.toContain(call.id.toLowerCase());
        await sut.update(call.id, (c) => ({ ...c, etag: 'W/"9"' }), {
          scheduleAt: () => undefined,
        });
        expect(await sut.due(now, 100)).not.toContain(call.id.toLowerCase());
      });

      it('forgets the schedule of a deleted call', async () => {
        const call = sampleCall();
        await sut.create(call);
        await sut.schedule(call.id, Date.now() - 1);

        await sut.delete(call.id);

        expect(await sut.due(Date.now(), 100)).not.toContain(call.id.toLowerCase());
      });
    });

    describe('group calls', () => {
      it('remembers, reads and clears the call of a policy group', async () => {
        const group = `group-${randomUUID()}`;

        expect(await sut.getGroupCall(group)).toBeUndefined();
        await sut.setGroupCall(group, 'Call-1', 10_000);
        expect(await sut.getGroupCall(group)).toBe('Call-1');

        await sut.clearGroupCall(group, 'other-call');
        expect(await sut.getGroupCall(group)).toBe('Call-1');
        await sut.clearGroupCall(group, 'call-1');
        expect(await sut.getGroupCall(group)).toBeUndefined();
      });

      it('forgets the group call after its time to live', async () => {
        const group = `group-${randomUUID()}`;
        await sut.setGroupCall(group, 'Call-1', 150);

        await sleep(400);

        expect(await sut.getGroupCall(group)).toBeUndefined();
      });
    });

    it('passes its readiness probe when reachable', async () => {
      await expect(sut.probe()).resolves.toBeUndefined();
    });
  });
}
