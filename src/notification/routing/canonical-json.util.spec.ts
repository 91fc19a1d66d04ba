import { canonicalJson } from './canonical-json.util';

describe('canonicalJson', () => {
  const sut = canonicalJson;

  it('gives the same text whatever the key order, at every level', () => {
    expect(sut({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(
      sut({ a: { c: null, d: [1, { e: 3, f: 2 }] }, b: 1 }),
    );
    expect(sut({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('leaves undefined members out and tells different content apart', () => {
    expect(sut({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
    expect(sut({ a: '1' })).not.toBe(sut({ a: 1 }));
    expect(sut([1, 2])).not.toBe(sut([2, 1]));
  });
});
