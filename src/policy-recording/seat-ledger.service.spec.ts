import { Test } from '@nestjs/testing';
import { InFlightTracker } from '../health';
import { MemoryCallStore } from '../store';
import { baseProviders, callsProviders, callRecord } from './policy-recording.testing';
import { SeatLedger } from './seat-ledger.service';

describe('SeatLedger', () => {
  let sut: SeatLedger;
  let store: MemoryCallStore;
  let inFlight: InFlightTracker;

  beforeEach(async () => {
    store = new MemoryCallStore();
    const moduleRef = await Test.createTestingModule({
      providers: [...baseProviders(), ...callsProviders(store), SeatLedger],
    }).compile();
    sut = moduleRef.get(SeatLedger);
    inFlight = moduleRef.get(InFlightTracker);
  });

  afterEach(() => store.onModuleDestroy());

  it('writes the seat count into participantsHandled', async () => {
    await store.create(callRecord({ participantsHandled: 0 }));
    await sut.claim('call-1', 'a', 3);
    await sut.claim('call-1', 'b', 3);

    expect(await sut.syncHandled('call-1')).toBe(2);
    expect((await store.get('call-1'))?.participantsHandled).toBe(2);
  });

  it('settles on the true count when a seat changes between its count and its write', async () => {
    await store.create(callRecord({ participantsHandled: 0 }));
    await sut.claim('call-1', 'a', 3);
    const countSeats = store.countSeats.bind(store);
    let first = true;
    // Another instance takes a seat right after this one counted.
    jest.spyOn(store, 'countSeats').mockImplementation(async (id) => {
      const count = await countSeats(id);
      if (first) {
        first = false;
        await store.claimSeat('call-1', 'b', 3);
      }
      return count;
    });

    expect(await sut.syncHandled('call-1')).toBe(2);
    expect((await store.get('call-1'))?.participantsHandled).toBe(2);
  });

  it('coalesces background syncs of one call and leaves other calls alone', async () => {
    await store.create(callRecord({ participantsHandled: 0 }));
    await store.create(
      callRecord({ id: 'regular', isPolicyRecording: false, participantsHandled: null }),
    );
    const update = jest.spyOn(store, 'update');
    await sut.claim('call-1', 'a', 3);
    await sut.claim('regular', 'a', 3);

    for (let i = 0; i < 5; i++) sut.scheduleSync('call-1');
    sut.scheduleSync('regular');
    await inFlight.idle(1000);

    expect((await store.get('call-1'))?.participantsHandled).toBe(1);
    expect((await store.get('regular'))?.participantsHandled).toBeNull();
    expect(update.mock.calls.filter(([id]) => id === 'call-1').length).toBeLessThanOrEqual(2);
  });

  it('keeps the policy group mapping per call', async () => {
    await sut.setGroupCall('group', 'call-1');
    await sut.clearGroupCall('group', 'call-2');
    expect(await sut.groupCall('group')).toBe('call-1');
    await sut.clearGroupCall('group', 'CALL-1');
    expect(await sut.groupCall('group')).toBeUndefined();
  });
});
