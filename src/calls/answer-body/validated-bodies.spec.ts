import { ValidatedBodies } from './validated-bodies';

describe('ValidatedBodies', () => {
  const validate = jest.fn((body: object) => {
    if ('bad' in body) throw new Error('invalid');
    return { ...body, validated: true };
  });

  beforeEach(() => validate.mockClear());

  it('validates a body once and returns the same frozen instance for the same JSON', () => {
    const sut = new ValidatedBodies<object>();
    const first = sut.get({ a: 1, b: { c: [2] } }, validate);
    const again = sut.get({ a: 1, b: { c: [2] } }, validate);

    expect(again).toBe(first);
    expect(first).toEqual({ a: 1, b: { c: [2] }, validated: true });
    expect(Object.isFrozen((first as { b: object }).b)).toBe(true);
    expect(validate).toHaveBeenCalledTimes(1);
  });

  it('validates a body that differs in any value', () => {
    const sut = new ValidatedBodies<object>();
    sut.get({ a: 1 }, validate);
    sut.get({ a: 2 }, validate);
    expect(validate).toHaveBeenCalledTimes(2);
  });

  it('keeps no failure: an invalid body throws every time', () => {
    const sut = new ValidatedBodies<object>();
    expect(() => sut.get({ bad: 1 }, validate)).toThrow('invalid');
    expect(() => sut.get({ bad: 1 }, validate)).toThrow('invalid');
    expect(validate).toHaveBeenCalledTimes(2);
  });

  it('keeps at most `max` bodies, dropping the oldest', () => {
    const sut = new ValidatedBodies<object>(2);
    sut.get({ n: 1 }, validate);
    sut.get({ n: 2 }, validate);
    sut.get({ n: 3 }, validate);
    sut.get({ n: 3 }, validate);
    sut.get({ n: 1 }, validate);
    expect(validate).toHaveBeenCalledTimes(4);
  });
});
