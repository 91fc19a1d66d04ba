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
});
