import { Test } from '@nestjs/testing';
import { MemoryCallStore, type CallOperation, type CallRecord } from '../store';
import { sampleCall } from '../store/call-record.testing';
import { CallsService } from './calls.service';
import { callsProviders } from './calls.testing';

function operation(status: string, id = 'op-1'): CallOperation {
  return { id, kind: 'playPrompt', clientContext: 'ctx', status, updatedAt: 'now' };
}

describe('CallsService', () => {
  let sut: CallsService;
  let store: MemoryCallStore;
  let call: CallRecord;

  beforeEach(async () => {
    store = new MemoryCallStore();
    const moduleRef = await Test.createTestingModule({
      providers: callsProviders(store),
    }).compile();
    sut = moduleRef.get(CallsService);
    call = sampleCall({ state: 'established' });
    await store.create(call);
  });

  afterEach(() => store.onModuleDestroy());

  describe('trackOperation', () => {
    it('adds an operation and updates it by id, case-insensitively', async () => {
      await sut.trackOperation(call.id, operation('running', 'Op-1'));
      const stored = await sut.trackOperation(call.id, operation('completed', 'op-1'));

      expect(stored?.operations).toEqual([operation('completed', 'op-1')]);
    });

    it.each(['completed', 'failed'])(
      'never turns a %s operation back to running (the response came after the notification)',
      async (finished) => {
        await sut.trackOperation(call.id, operation(finished));
        const stored = await sut.trackOperation(call.id, operation('running'));

        expect(stored?.operations).toEqual([operation(finished)]);
      },
    );

    it('hands the operation as stored to the caller’s own change, in the same write', async () => {
      await sut.trackOperation(call.id, operation('completed'));
      const seen: string[] = [];

      const stored = await sut.trackOperation(call.id, operation('running'), (next, tracked) => {
        seen.push(tracked.status);
        return { ...next, extensions: { mine: tracked.status } };
      });

      expect(seen.at(-1)).toBe('completed');
      expect(stored?.extensions).toEqual({ mine: 'completed' });
    });

    it('answers undefined for an unknown call', async () => {
      expect(await sut.trackOperation('unknown', operation('running'))).toBeUndefined();
    });
  });

  describe('content-sharing sessions', () => {
    it('says whether a session was added: not twice, whatever the case of its id', async () => {
      const first = await sut.addContentSharingSession(call.id, 'S1');
      const again = await sut.addContentSharingSession(call.id, 's1');

      expect(first).toMatchObject({ changed: true, call: { contentSharingSessions: ['S1'] } });
      expect(again).toMatchObject({ changed: false, call: { contentSharingSessions: ['S1'] } });
    });

    it('adds nothing to an ended call, or when the caller refuses the session', async () => {
      expect((await sut.addContentSharingSession(call.id, 'S1', () => false)).changed).toBe(false);
      await store.update(call.id, (c) => ({ ...c, state: 'terminated' }));
      expect((await sut.addContentSharingSession(call.id, 'S2')).changed).toBe(false);
      expect((await store.get(call.id))?.contentSharingSessions).toEqual([]);
    });

    it('says whether a session was active when it ends, and writes the caller’s change either way', async () => {
      await sut.addContentSharingSession(call.id, 'S1');
      const remember = (c: CallRecord): CallRecord => ({ ...c, extensions: { ended: true } });

      const ended = await sut.removeContentSharingSession(call.id, 's1', remember);
      await store.update(call.id, (c) => ({ ...c, extensions: {} }));
      const unknown = await sut.removeContentSharingSession(call.id, 'S9', remember);

      expect(ended).toMatchObject({ changed: true, call: { contentSharingSessions: [] } });
      expect(unknown).toMatchObject({ changed: false, call: { extensions: { ended: true } } });
    });

    it('writes nothing when neither the session nor the caller’s change applies', async () => {
      const before = (await store.get(call.id))!.updatedAt;
      const result = await sut.removeContentSharingSession(call.id, 'S1', (c) => c);

      expect(result.changed).toBe(false);
      expect(result.call?.updatedAt).toBe(before);
    });

    it('ends every session of a call at once, naming them', async () => {
      await sut.addContentSharingSession(call.id, 'S1');
      await sut.addContentSharingSession(call.id, 'S2');

      const { call: cleared, ended } = await sut.clearContentSharingSessions(call.id);

      expect(ended).toEqual(['S1', 'S2']);
      expect(cleared?.contentSharingSessions).toEqual([]);
      expect((await sut.clearContentSharingSessions(call.id)).ended).toEqual([]);
    });

    it('reports no change for an unknown call', async () => {
      expect(await sut.addContentSharingSession('unknown', 'S1')).toEqual({
        call: undefined,
        changed: false,
      });
    });
  });
});
