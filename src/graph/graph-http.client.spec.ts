import { once } from 'node:events';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createCa, issueServerCertificate } from '../../emulator/tls/issue';
import { GraphHttpClient } from './graph-http.client';
import {
  accepted,
  buildHttpClient,
  FakeTokens,
  hang,
  json,
  rejection,
  reset,
  ScriptedServer,
  status,
  testHttpOptions,
} from './graph-http.testing';

describe('GraphHttpClient', () => {
  let server: ScriptedServer;
  let tokens: FakeTokens;
  let sut: GraphHttpClient;

  async function build(overrides: Parameters<typeof testHttpOptions>[1] = {}) {
    sut = await buildHttpClient(testHttpOptions(await server.start(), overrides), tokens);
  }

  beforeEach(() => {
    server = new ScriptedServer();
    tokens = new FakeTokens();
  });

  afterEach(async () => {
    await server.stop();
  });

  it('sends the bearer token, a client-request-id, the Scenario-Id and the JSON body', async () => {
    await build();
    server.then(status(200, { 'request-id': 'graph-req-1' }, { id: 'op-1' }));

    const result = await sut.request<{ id: string }>(
      'POST',
      '/communications/calls/abc/playPrompt',
      { prompts: [], clientContext: 'c' },
      { scenarioId: 'scenario-42' },
    );

    const [request] = server.received;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v1.0/communications/calls/abc/playPrompt');
    expect(request.headers.authorization).toBe('Bearer token-1');
    expect(request.headers['scenario-id']).toBe('scenario-42');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['client-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(request.body)).toEqual({ prompts: [], clientContext: 'c' });
    expect(result.body).toEqual({ id: 'op-1' });
    expect(result.clientRequestId).toBe(request.headers['client-request-id']);
    expect(result.requestId).toBe('graph-req-1');
    expect(result.timings.attempts).toBe(1);
  });

  it('leaves out a Scenario-Id that is not header-safe', async () => {
    await build();
    server.then(accepted);
    await sut.request('POST', '/x', {}, { scenarioId: 'bad\r\nX-Evil: 1' });
    expect(server.received[0].headers['scenario-id']).toBeUndefined();
  });

  it('retries a 503 after the Retry-After seconds, with a fresh client-request-id', async () => {
    await build();
    server.then(status(503, { 'retry-after': '1' }), accepted);

    const result = await sut.request('POST', '/communications/calls/a/answer', {});

    expect(server.received).toHaveLength(2);
    const [first, second] = server.received;
    expect(second.at - first.at).toBeGreaterThanOrEqual(950);
    expect(first.headers['client-request-id']).not.toBe(second.headers['client-request-id']);
    expect(result.clientRequestId).toBe(second.headers['client-request-id']);
    expect(result.timings.attempts).toBe(2);
  });

  it('honours a Retry-After HTTP-date on a 429', async () => {
    await build();
    // HTTP-dates carry whole seconds: the retry may not come before the second named.
    const retryAt = Math.floor((Date.now() + 1500) / 1000) * 1000;
    server.then(status(429, { 'retry-after': new Date(retryAt).toUTCString() }), accepted);

    await sut.request('POST', '/x', {});

    expect(server.received).toHaveLength(2);
    expect(server.received[1].epoch).toBeGreaterThanOrEqual(retryAt - 20);
  });

  it.each([502, 503, 504])('retries %i with backoff until it succeeds', async (code) => {
    await build();
    server.then(status(code), status(code), accepted);
    const result = await sut.request('POST', '/x', {});
    expect(result.timings.attempts).toBe(3);
    const ids = new Set(server.received.map((r) => r.headers['client-request-id']));
    expect(ids.size).toBe(3);
  });

  it.each([400, 403, 404, 409, 500])(
    "does not retry a %i and parses Graph's error body",
    async (code) => {
      await build();
      server.then(
        status(
          code,
          {},
          {
            error: {
              code: 'BadThing',
              message: 'Call not allowed',
              innerError: {
                'request-id': 'rid-7',
                date: '2024-01-01T00:00:00',
                'client-request-id': 'x',
              },
            },
          },
        ),
      );

      const error = await rejection(sut.request('POST', '/x', {}));

      expect(server.received).toHaveLength(1);
      expect(error).toMatchObject({
        status: code,
        code: 'BadThing',
        message: 'Call not allowed',
        requestId: 'rid-7',
        clientRequestId: server.received[0].headers['client-request-id'],
        attempts: 1,
      });
      // An unknown Graph code is still explained by its status.
      expect(error.toRecord()).toEqual({
        status: code,
        code: 'BadThing',
        message: 'Call not allowed',
        explanation: {
          summary: expect.any(String),
          check: expect.any(String),
          source: expect.stringContaining('https://learn.microsoft.com/graph/errors'),
        },
      });
    },
  );

  it('describes an error response without a Graph body by its status', async () => {
    await build();
    server.then((_req, res) => {
      res.writeHead(418, { 'content-type': 'text/plain' });
      res.end('short and stout');
    });
    const error = await rejection(sut.request('POST', '/x', {}));
    expect(error.code).toBe('http418');
    expect(error.message).toContain('418');
  });

  it('does not follow a redirect: it is an error like any other status', async () => {
    await build();
    server.then(status(302, { location: 'https://elsewhere.example/v1.0/x' }));
    const error = await rejection(sut.request('POST', '/x', {}));
    expect(error).toMatchObject({ status: 302, code: 'http302', attempts: 1 });
    expect(server.received).toHaveLength(1);
  });

  it('after a 401 drops the token, takes a new one and retries once', async () => {
    await build();
    server.then(
      status(401, {}, { error: { code: 'InvalidAuthenticationToken', message: 'expired' } }),
      accepted,
    );

    const result = await sut.request('POST', '/x', {});

    expect(tokens.invalidated).toEqual(['token-1']);
    expect(server.received.map((r) => r.headers.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ]);
    expect(result.timings.attempts).toBe(2);
  });

  it('gives up after a second 401', async () => {
    await build();
    server.always(
      status(401, {}, { error: { code: 'InvalidAuthenticationToken', message: 'no' } }),
    );
    const error = await rejection(sut.request('POST', '/x', {}));
    expect(error).toMatchObject({ status: 401, code: 'InvalidAuthenticationToken', attempts: 2 });
    expect(server.received).toHaveLength(2);
  });

  it('retries a connection reset', async () => {
    await build();
    server.then(reset, accepted);
    const result = await sut.request('POST', '/x', {});
    expect(server.received).toHaveLength(2);
    expect(result.status).toBe(202);
  });

  it('reports a connection error after the last attempt', async () => {
    await build({ maxAttempts: 3 });
    server.always(reset);
    const error = await rejection(sut.request('POST', '/x', {}));
    expect(error).toMatchObject({ status: null, code: 'connectionError', attempts: 3 });
  });

  it('retries an attempt that timed out', async () => {
    await build({ requestTimeoutMs: 200 });
    server.then(hang, accepted);
    const result = await sut.request('POST', '/x', {});
    expect(result.timings.attempts).toBe(2);
  });

  it('sends nothing after the deadline, however many retries are left', async () => {
    await build({ maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 100 });
    server.always(status(503));
    const deadlineAt = performance.now() + 250;

    const error = await rejection(sut.request('POST', '/x', {}, { deadlineAt }));

    expect(error).toMatchObject({ status: null, code: 'deadlineExceeded' });
    expect(error.message).toMatch(/last error: HTTP 503/);
    expect(server.received.length).toBeGreaterThanOrEqual(1);
    expect(server.received.length).toBeLessThan(10);
    for (const request of server.received) expect(request.at).toBeLessThan(deadlineAt);
  });

  it('does not wait for a Retry-After that would end after the deadline', async () => {
    await build();
    server.then(status(429, { 'retry-after': '5' }), accepted);
    const deadlineAt = performance.now() + 1000;

    const error = await rejection(sut.request('POST', '/x', {}, { deadlineAt }));

    expect(error).toMatchObject({ status: 429, retryAfterMs: 5000, attempts: 1 });
    expect(server.received).toHaveLength(1);
  });

  it('does not wait for a Retry-After longer than retry.maxRetryAfterMs', async () => {
    await build({ maxRetryAfterMs: 500 });
    server.then(status(503, { 'retry-after': '2' }), accepted);
    const error = await rejection(sut.request('POST', '/x', {}));
    expect(error.status).toBe(503);
    expect(server.received).toHaveLength(1);
  });

  it('cancels a request still in flight at the deadline', async () => {
    await build();
    server.always(hang);
    const deadlineAt = performance.now() + 200;

    const error = await rejection(sut.request('POST', '/x', {}, { deadlineAt }));

    expect(error).toMatchObject({ status: null, code: 'deadlineExceeded', attempts: 1 });
    expect(server.received).toHaveLength(1);
  });

  it('sends nothing when the deadline has already passed', async () => {
    await build();
    const error = await rejection(
      sut.request('POST', '/x', {}, { deadlineAt: performance.now() - 1 }),
    );
    expect(error).toMatchObject({ code: 'deadlineExceeded', attempts: 0 });
    expect(server.received).toHaveLength(0);
  });

  it('aborts the request in flight when the caller aborts', async () => {
    await build();
    let closed = false;
    server.then((_req, res) => res.on('close', () => (closed = true)));
    const controller = new AbortController();

    const pending = rejection(sut.request('POST', '/x', {}, { signal: controller.signal }));
    while (server.received.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const error = await pending;

    expect(error).toMatchObject({ status: null, code: 'aborted' });
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(true);
  });

  it('abandons the wait before a retry when the caller aborts', async () => {
    await build({ defaultBudgetMs: 30_000 });
    server.then(status(503, { 'retry-after': '10' }), accepted);
    const controller = new AbortController();

    const pending = rejection(sut.request('POST', '/x', {}, { signal: controller.signal }));
    while (server.received.length === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    const error = await pending;

    expect(error.code).toBe('aborted');
    expect(server.received).toHaveLength(1);
  });

  it('reports a missing token without sending anything', async () => {
    await build();
    tokens.unavailable = true;
    const error = await rejection(sut.request('POST', '/x', {}));
    expect(error).toMatchObject({
      status: null,
      code: 'tokenUnavailable',
      message: 'credentials missing',
    });
    expect(server.received).toHaveLength(0);
  });

  it('uses a cached token without asking for one, and asks when the cache has none', async () => {
    await build();
    server.then(status(200, {}, {}));
    server.then(status(200, {}, {}));
    let cached: string | undefined = 'cached-token';
    tokens.cachedToken = () => cached;

    await sut.request('POST', '/x', {});
    cached = undefined;
    await sut.request('POST', '/x', {});

    expect(server.received.map((r) => r.headers.authorization)).toEqual([
      'Bearer cached-token',
      'Bearer token-1',
    ]);
    expect(tokens.issued).toBe(1);
  });

  it('refuses a server whose certificate no trusted authority signed', async () => {
    // A CA of this test's own, which neither Node's store nor NODE_EXTRA_CA_CERTS holds.
    const { cert, key } = issueServerCertificate(createCa(), ['127.0.0.1']);
    let reached = false;
    const tlsServer = createHttpsServer({ cert, key }, (_req, res) => {
      reached = true;
      json(res, 202);
    }).listen(0, '127.0.0.1');
    await once(tlsServer, 'listening');
    try {
      const { port } = tlsServer.address() as AddressInfo;
      const client = new GraphHttpClient(
        {
          baseUrl: `https://127.0.0.1:${port}/v1.0`,
          requestTimeoutMs: 2000,
          retry: {
            maxAttempts: 1,
            baseDelayMs: 20,
            maxDelayMs: 100,
            maxRetryAfterMs: 30000,
            defaultBudgetMs: 1000,
          },
          pool: { connections: 1, keepAliveTimeoutMs: 1000, keepAliveMaxTimeoutMs: 1000 },
        },
        tokens,
      );
      const error = await rejection(client.request('POST', '/x', {}));
      expect(error).toMatchObject({ status: null, code: 'connectionError' });
      expect(error.message).toMatch(/certificate/i);
      expect(reached).toBe(false);
      await client.onApplicationShutdown();
    } finally {
      tlsServer.close();
    }
  });
});
