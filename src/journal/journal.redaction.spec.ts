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
});
