import {
  etagVersion,
  normalizeCallState,
  transitionCallState,
  type CallStateSnapshot,
} from './call-state.machine';

const at = (state: CallStateSnapshot['state'], etag: string | null = null): CallStateSnapshot => ({
  state,
  etag,
});

describe('call state machine', () => {
  describe('normalizeCallState', () => {
    it.each([
      ['established', 'established'],
      ['Established', 'established'],
      ['TRANSFERACCEPTED', 'transferAccepted'],
      ['terminated', 'terminated'],
      ['somethingNew', 'unknown'],
      [undefined, 'unknown'],
      [42, 'unknown'],
    ])('reads %p as %p', (raw, expected) => {
      expect(normalizeCallState(raw)).toBe(expected);
    });
  });

  describe('etagVersion', () => {
    it.each([
      ['W/"5445"', 5445],
      ['"12"', 12],
      ['7', 7],
      ['W/"abc"', undefined],
      ['', undefined],
      [null, undefined],
    ])('reads %p as %p', (etag, expected) => {
      expect(etagVersion(etag)).toBe(expected);
    });
  });

  describe('transitionCallState', () => {
    it('moves a call forward: incoming → establishing → established', () => {
      const first = transitionCallState(at('incoming'), { state: 'establishing' });
      const second = transitionCallState(first, { state: 'established' });

      expect(first).toMatchObject({ state: 'establishing', verdict: 'applied' });
      expect(second).toMatchObject({
        state: 'established',
        verdict: 'applied',
        becameEstablished: true,
      });
    });

    it('keeps established when establishing arrives late, even with the same etag', () => {
      const sut = transitionCallState(at('established', 'W/"5445"'), {
        state: 'establishing',
        etag: 'W/"5445"',
      });

      expect(sut).toMatchObject({ state: 'established', verdict: 'regression' });
    });

    it('reads states case-insensitively', () => {
      expect(transitionCallState(at('establishing'), { state: 'Established' }).state).toBe(
        'established',
      );
    });

    it('never leaves terminated', () => {
      for (const state of ['established', 'incoming', 'terminated', 'Established']) {
        expect(transitionCallState(at('terminated'), { state }).state).toBe('terminated');
      }
    });

    it('ignores an update whose etag is older than the last one applied', () => {
      const sut = transitionCallState(at('established', 'W/"10"'), {
        state: 'hold',
        etag: 'W/"9"',
      });

      expect(sut).toMatchObject({ state: 'established', etag: 'W/"10"', verdict: 'stale' });
    });

    it('applies a newer etag and remembers it', () => {
      const sut = transitionCallState(at('established', 'W/"10"'), {
        state: 'hold',
        etag: 'W/"11"',
      });

      expect(sut).toMatchObject({ state: 'hold', etag: 'W/"11"', verdict: 'applied' });
    });

    it('does not compare etags that are not numbers', () => {
      const sut = transitionCallState(at('establishing', 'W/"zz"'), {
        state: 'established',
        etag: 'W/"aa"',
      });

      expect(sut.state).toBe('established');
    });

    it('lets the end of a call through even with an older etag', () => {
      const sut = transitionCallState(at('established', 'W/"10"'), {
        state: 'terminated',
        etag: 'W/"3"',
      });

      expect(sut).toMatchObject({ state: 'terminated', becameTerminated: true });
    });

    it('moves forward whatever the etag, since Graph documents no etag order', () => {
      const establishing = transitionCallState(at('incoming', 'W/"5445"'), {
        state: 'establishing',
        etag: 'W/"1"',
      });
      const established = transitionCallState(establishing, {
        state: 'established',
        etag: 'W/"2"',
      });

      expect(establishing).toMatchObject({ state: 'establishing', verdict: 'applied' });
      expect(established).toMatchObject({
        state: 'established',
        etag: 'W/"2"',
        verdict: 'applied',
        becameEstablished: true,
      });
      // The forward move's etag is the reference for later sideways moves.
      expect(transitionCallState(established, { state: 'hold', etag: 'W/"3"' })).toMatchObject({
        state: 'hold',
        verdict: 'applied',
      });
    });

    it('tolerates a state it does not know and keeps the call as it is', () => {
      const sut = transitionCallState(at('established', 'W/"1"'), {
        state: 'quantumEntangled',
        etag: 'W/"2"',
      });

      expect(sut).toMatchObject({ state: 'established', verdict: 'unknownState', etag: 'W/"2"' });
    });

    it('goes back to established from hold without counting a second establishment', () => {
      const sut = transitionCallState(at('hold'), { state: 'established' });

      expect(sut).toMatchObject({ state: 'established', verdict: 'applied' });
      expect(sut.becameEstablished).toBe(false);
    });

    it('reports a repeat as unchanged', () => {
      expect(transitionCallState(at('established'), { state: 'established' }).verdict).toBe(
        'unchanged',
      );
    });
  });
});
