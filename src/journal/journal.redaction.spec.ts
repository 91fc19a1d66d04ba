import { JournalRedactor, REDACTED } from './journal.redaction';

describe('JournalRedactor', () => {
  const sut = new JournalRedactor(['the-client-secret-value', 'operator-key-123', null, 'abc']);
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib3QifQ.c2lnbmF0dXJl';

  it.each([
    [
      'a configured secret inside a string',
      'secret is the-client-secret-value!',
      `secret is ${REDACTED}!`,
    ],
    ['an operator key', 'key=operator-key-123', `key=${REDACTED}`],
    ['a JWT', `token ${jwt} end`, `token ${REDACTED} end`],
    ['a bearer header value', 'Bearer abc.def-ghi', `Bearer ${REDACTED}`],
    ['an ordinary string', 'established', 'established'],
    ['a secret shorter than 6 characters (never blanked)', 'abc', 'abc'],
  ])('redacts %s', (_what, input, expected) => {
    expect(sut.redact(input)).toBe(expected);
  });

  it('drops values under secret-looking keys, at any depth, without changing the input', () => {
    const input = {
      headers: { Authorization: 'x', 'x-api-key': 'y' },
      nested: [{ accessToken: 'z', clientSecret: 's', meetingToken: 'm', status: 'ok' }],
    };
    expect(sut.redact(input)).toEqual({
      headers: { Authorization: REDACTED, 'x-api-key': REDACTED },
      nested: [
        { accessToken: REDACTED, clientSecret: REDACTED, meetingToken: REDACTED, status: 'ok' },
      ],
    });
    expect(input.headers.Authorization).toBe('x');
  });

  it('redacts a secret or token among ordinary text, wherever it sits, repeated', () => {
    const text = `a operator-key-123 b ${jwt} c bearer xyz d operator-key-123`;
    expect(sut.redact({ note: text })).toEqual({
      note: `a ${REDACTED} b ${REDACTED} c Bearer ${REDACTED} d ${REDACTED}`,
    });
    // Secrets are matched as configured (case-sensitively), as before.
    expect(sut.redact('OPERATOR-KEY-123')).toBe('OPERATOR-KEY-123');
  });

  it('copies a class instance into plain data with the same keys in the same order', () => {
    class Item {
      state = 'established';
      nested = { token: 'secret', id: 7 };
      get computed(): string {
        return 'not copied';
      }
    }
    const copy = sut.redact({ item: new Item() }) as { item: object };
    expect(copy.item).not.toBeInstanceOf(Item);
    expect(JSON.stringify(copy)).toBe(
      '{"item":{"state":"established","nested":{"token":"[redacted]","id":7}}}',
    );
  });

  describe('mayRedact', () => {
    const quoted = new JournalRedactor(['with"quote\\and-backslash']);
    /** Objects nested `levels` deep (`levels` 1: `{ "v": "x" }`). */
    const nested = (levels: number): unknown => (levels === 0 ? 'x' : { v: nested(levels - 1) });

    /** Values redaction changes, each of which must be told apart by its JSON text alone. */
    const changed: [string, JournalRedactor, unknown][] = [
      ['a configured secret', sut, { note: 'the-client-secret-value' }],
      ['a secret JSON escapes', quoted, { note: 'x with"quote\\and-backslash y' }],
      ['a JWT', sut, [{ id: jwt }]],
      ['a bearer value after an escaped character', sut, { note: 'line\nbearer abc' }],
      ['a bearer value after a tab', sut, { note: 'Bearer\tabc' }],
      ['a bearer value in upper case', sut, { note: 'BEARER abc' }],
      ['a secret key', sut, { nested: { refresh_token: 1 } }],
      ['a secret key holding a quote', sut, { 'a"token': 1 }],
      ['a secret key in upper case', sut, { 'X-API-KEY': 1 }],
      ['objects nested past the limit', sut, nested(13)],
      ['an empty object past the limit', sut, { a: nested(11), b: [[[[[[[[[[[{}]]]]]]]]]]] }],
    ];

    it.each(changed)('is true for %s', (_what, redactor, value) => {
      const json = JSON.stringify(value);
      expect(JSON.stringify(redactor.redact(value))).not.toBe(json);
      expect(redactor.mayRedact(json)).toBe(true);
    });

    /** Values redaction leaves as they are: the text stands for the redacted value. */
    const unchanged: [string, unknown][] = [
      ['a notification item', { changeType: 'updated', resourceData: { state: 'established' } }],
      [
        'brackets and quotes inside strings',
        { note: '[[[[[[[[[[[[[{{{{{{{{{{{{ "\\"{{{{{{{{{{{{' },
      ],
      ['objects nested up to the limit', nested(12)],
      ['a backslash ending a string', { a: 'x\\', b: nested(11) }],
      ['an empty object', {}],
      ['a secret in another case (replaced as configured)', { note: 'OPERATOR-KEY-123' }],
    ];

    it.each(unchanged)('is false for %s, whose redacted copy has the same text', (_what, value) => {
      const json = JSON.stringify(value);
      expect(sut.mayRedact(json)).toBe(false);
      expect(JSON.stringify(sut.redact(value))).toBe(json);
    });

    it('counts the nesting from where the value sits', () => {
      const json = JSON.stringify(nested(11));
      expect(sut.mayRedact(json, 1)).toBe(false);
      expect(sut.mayRedact(json, 2)).toBe(true);
      expect(JSON.stringify(sut.redact({ item: { item: nested(11) } }))).toContain(REDACTED);
    });

    it('gives false alarms, never misses: a secret word in a value is enough', () => {
      expect(sut.mayRedact('{"note":"the token expired"}')).toBe(true);
    });
  });

  it('copies what has a toJSON as JSON.stringify reads it (a Date as its ISO text)', () => {
    const at = new Date(1_700_000_000_000);
    expect(sut.redact({ at })).toEqual({ at: at.toISOString() });
  });
});
