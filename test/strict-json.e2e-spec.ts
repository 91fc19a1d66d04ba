import fc from 'fast-check';
import { parseStrictJson } from './support/strict-json';

describe('parseStrictJson', () => {
  it('reads what JSON.parse reads, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(parseStrictJson(text)).toEqual(JSON.parse(text));
      }),
    );
  });

  it.each(['{"callId":"a","callId":"a"}', '{"req":{"id":1,"id":2}}', '[{"a":1},{"b":1,"b":2}]'])(
    'refuses a duplicate key: %s',
    (text) => {
      expect(() => parseStrictJson(text)).toThrow(/duplicate key/);
    },
  );

  it('allows the same key in different objects', () => {
    expect(parseStrictJson('{"id":1,"req":{"id":2}}')).toEqual({ id: 1, req: { id: 2 } });
  });

  it.each(['{"a":1', '{"a":1}x', "{'a':1}", '[1,]', ''])('refuses what is not JSON: %s', (text) => {
    expect(() => parseStrictJson(text)).toThrow(SyntaxError);
  });
});
