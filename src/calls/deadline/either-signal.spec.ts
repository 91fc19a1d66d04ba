import { EitherSignal } from './either-signal';

describe('EitherSignal', () => {
  it.each([0, 1])('aborts when source %i does, with its reason, as AbortSignal.any', (which) => {
    const sources = [new AbortController(), new AbortController()];
    const sut = new EitherSignal(sources[0].signal, sources[1].signal);
    const any = AbortSignal.any([sources[0].signal, sources[1].signal]);
    const reason = new Error(`source ${which}`);
    expect(sut.signal.aborted).toBe(false);
    sources[which].abort(reason);
    expect(sut.signal.aborted).toBe(true);
    expect(sut.signal.reason).toBe(reason);
    expect(any.reason).toBe(reason);
    // The first reason stays: the other aborting later changes nothing.
    sources[1 - which].abort(new Error('later'));
    expect(sut.signal.reason).toBe(reason);
  });

  it('is born aborted when a source already is, with the first aborted one’s reason', () => {
    const first = new AbortController();
    const second = new AbortController();
    second.abort('second');
    first.abort('first');
    expect(new EitherSignal(first.signal, second.signal).signal.reason).toBe('first');
    expect(new EitherSignal(new AbortController().signal, second.signal).signal.reason).toBe(
      'second',
    );
  });

  it('no longer follows its sources once released', () => {
    const first = new AbortController();
    const second = new AbortController();
    const sut = new EitherSignal(first.signal, second.signal);
    sut.release();
    first.abort('first');
    second.abort('second');
    expect(sut.signal.aborted).toBe(false);
  });
});
