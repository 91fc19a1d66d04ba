import { newCallId, startStack, type TestStack } from './support';
import { OPERATOR_KEY } from './support/calls-helpers';
import { bodyOf, rawExchange, statusOf } from './support/raw-socket';

/**
 * Slow and abusive clients over real TCP connections to the listening service: slow headers,
 * uploads refused before they are read, URLs and headers the router refuses. Bounds on timings
 * are generous (a shared machine); the point is the order of magnitude and what is on the wire.
 */

const CHUNK = Buffer.alloc(64 * 1024, 'a');
const chunked = (bytes: Buffer): Buffer =>
  Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]);

describe('slow and abusive clients', () => {
  let stack: TestStack;
  let token: string;

  beforeAll(async () => {
    stack = await startStack({ env: { OPERATOR_API_KEYS: OPERATOR_KEY } });
    token = await stack.emulator.signNotificationToken();
  });

  afterAll(() => stack?.close());

  it('closes a connection whose headers come a line a second, by about 10 s, with a 408', async () => {
    const result = await rawExchange(stack.baseUrl, {
      head: 'POST /api/calling HTTP/1.1\r\nHost: switchboard\r\n',
      completeHead: false,
      next: (round) => `X-Slow-${round}: ${round}\r\n`,
      intervalMs: 1000,
      timeoutMs: 20_000,
    });
    expect(result.closedMs).toBeGreaterThan(9_000);
    expect(result.closedMs).toBeLessThan(13_000);
    expect(statusOf(result.received)).toBe(408);
    expect(bodyOf(result.received)).toMatchObject({ statusCode: 408, error: 'Request Timeout' });
  }, 25_000);

  it('answers an unauthenticated chunked upload 401 at once and closes within a second, unread', async () => {
    const result = await rawExchange(stack.baseUrl, {
      head:
        'POST /api/calling HTTP/1.1\r\nHost: switchboard\r\nContent-Type: application/json\r\n' +
        'Transfer-Encoding: chunked',
      next: () => chunked(CHUNK),
      intervalMs: 2,
      timeoutMs: 10_000,
    });
    expect(statusOf(result.received)).toBe(401);
    expect(result.received).toMatch(/\r\nconnection: close\r\n/i);
    expect(bodyOf(result.received)).toMatchObject({ statusCode: 401 });
    expect(result.closedMs - result.firstByteMs!).toBeLessThan(1_500);
    // Whatever the client pushed meanwhile, the service stopped reading long before 300 MiB.
    expect(result.written).toBeLessThan(64 * 1024 * 1024);
  });

  it('gets the 413 status line to a client still uploading 2 MiB, 20 times in a row', async () => {
    const body = Buffer.alloc(2 * 1024 * 1024, ' ');
    for (let attempt = 0; attempt < 20; attempt++) {
      let offset = 0;
      const result = await rawExchange(stack.baseUrl, {
        head:
          `POST /api/calling HTTP/1.1\r\nHost: switchboard\r\nAuthorization: Bearer ${token}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${body.length}`,
        next: () => {
          if (offset >= body.length) return null;
          const slice = body.subarray(offset, offset + CHUNK.length);
          offset += CHUNK.length;
          return slice;
        },
        intervalMs: 1,
        timeoutMs: 10_000,
      });
      expect([attempt, statusOf(result.received)]).toEqual([attempt, 413]);
      expect(bodyOf(result.received)).toMatchObject({ statusCode: 413 });
    }
  }, 60_000);

  it('checks the operator key before reading the body: no key is 401 whatever the body', async () => {
    const cases = [
      ['bad JSON', '{"nope', 'application/json'],
      ['1.1 MiB', `{"x":"${'a'.repeat(1_150_000)}"}`, 'application/json'],
      ['no JSON at all', 'hello', 'text/plain'],
    ];
    for (const [what, body, contentType] of cases) {
      const response = await fetch(`${stack.baseUrl}/api/calls/${newCallId()}/answer`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
      expect([what, response.status]).toEqual([what, 401]);
      expect(await response.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    }
  });

  describe("the router's own refusals, in the service's error shape, never echoing the input", () => {
    const get = (path: string, headers: Record<string, string> = {}) =>
      rawExchange(stack.baseUrl, {
        head: `GET ${path} HTTP/1.1\r\nHost: switchboard\r\nX-Api-Key: ${OPERATOR_KEY}\r\nConnection: close${Object.entries(
          headers,
        )
          .map(([name, value]) => `\r\n${name}: ${value}`)
          .join('')}`,
        timeoutMs: 5_000,
      });

    it('handles a 128-character call id normally (404 for an unknown call)', async () => {
      const id = 'a'.repeat(128);
      const result = await get(`/api/calls/${id}`);
      expect(statusOf(result.received)).toBe(404);
      expect(bodyOf(result.received)).toMatchObject({ statusCode: 404, error: 'Not Found' });
    });

    it('refuses an over-long path segment and a malformed URL without echoing them', async () => {
      const long = 'b'.repeat(5000);
      const tooLong = await get(`/api/calls/${long}`);
      expect(statusOf(tooLong.received)).toBe(414);
      expect(bodyOf(tooLong.received)).toEqual({
        statusCode: 414,
        error: 'URI Too Long',
        message: 'a path segment is too long',
      });
      const bad = await get('/api/calls/%E0%A4%A');
      expect(statusOf(bad.received)).toBe(400);
      expect(bodyOf(bad.received)).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'malformed URL',
      });
    });

    it('answers 431 in the error shape to oversized headers', async () => {
      const result = await get('/health/live', { 'X-Big': 'c'.repeat(20_000) });
      expect(statusOf(result.received)).toBe(431);
      expect(bodyOf(result.received)).toMatchObject({ statusCode: 431 });
      expect(result.received).not.toContain('ccccc');
    });

    it('echoes at most a short excerpt of 200 KB of input', async () => {
      const long = `x!${'x'.repeat(200_000)}`;
      const response = await fetch(stack.callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          value: [{ changeType: 'updated', resourceUrl: `/communications/calls/${long}` }],
          [long]: { [long]: 1 },
        }),
      });
      const text = await response.text();
      expect(response.status).toBe(400);
      expect(text.length).toBeLessThan(2_500);
      expect(JSON.parse(text)).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    });
  });
});
