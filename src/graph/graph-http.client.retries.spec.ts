import { performance } from 'node:perf_hooks';
import {
  accepted,
  rejection,
  reset,
  ScriptedClient,
  status,
  type ScriptedServer,
} from './graph-http.testing';

/** Retries bounded by the deadline rather than a count, and the connection pool under them. */
describe('GraphHttpClient retries and connections', () => {
  let scripted: ScriptedClient;
  let server: ScriptedServer;
  const sut = () => scripted.sut;
  const build = (overrides?: Parameters<ScriptedClient['build']>[0]) => scripted.build(overrides);

  beforeEach(() => {
    scripted = new ScriptedClient();
    server = scripted.server;
  });

  afterEach(() => scripted.stop());

  it('rides out an outage of many attempts when the deadline allows it', async () => {
    await build();
    server.then(...Array.from({ length: 9 }, () => status(503)), reset, reset, accepted);

    const result = await sut().request(
      'POST',
      '/x',
      {},
      { deadlineAt: performance.now() + 10_000 },
    );

    expect(result.status).toBe(202);
    expect(result.timings.attempts).toBe(12);
    const ids = new Set(server.received.map((r) => r.headers['client-request-id']));
    expect(ids.size).toBe(12);
  });

  it('lists the attempts it tried again (for the journal), and none when the first one went through', async () => {
    await build({ baseDelayMs: 10, maxDelayMs: 20 });
    server.then(
      status(503, {}, { error: { code: 'ServiceUnavailable', message: 'busy' } }),
      reset,
      accepted,
      accepted,
    );
    const deadlineAt = performance.now() + 5000;

    const retried = await sut().request('POST', '/x', {}, { deadlineAt });
    const first = await sut().request('POST', '/x', {}, { deadlineAt });

    expect(retried.timings.retried).toEqual([
      { afterMs: expect.any(Number), status: 503, code: 'ServiceUnavailable' },
      { afterMs: expect.any(Number), status: null, code: 'connectionError' },
    ]);
    const [one, two] = retried.timings.retried!;
    expect(two.afterMs).toBeGreaterThanOrEqual(one.afterMs);
    expect(first.timings).not.toHaveProperty('retried');
  });

  it('keeps trying until the deadline, then reports a missed deadline with the last error', async () => {
    await build({ baseDelayMs: 20, maxDelayMs: 60 });
    server.always(status(503, {}, { error: { code: 'ServiceUnavailable', message: 'busy' } }));
    const deadlineAt = performance.now() + 1000;

    const error = await rejection(sut().request('POST', '/x', {}, { deadlineAt }));

    expect(error).toMatchObject({ status: null, code: 'deadlineExceeded' });
    expect(error.message).toContain('busy');
    // Far more than the old fixed four, and nothing sent after the deadline.
    expect(server.received.length).toBeGreaterThan(8);
    for (const request of server.received) expect(request.at).toBeLessThan(deadlineAt);
    expect(performance.now()).toBeGreaterThan(deadlineAt - 300);
  });

  it('still stops at maxAttempts when one is configured', async () => {
    await build({ maxAttempts: 3 });
    server.always(status(502));
    const error = await rejection(
      sut().request('POST', '/x', {}, { deadlineAt: performance.now() + 5000 }),
    );
    expect(error).toMatchObject({ status: 502, attempts: 3 });
    expect(server.received).toHaveLength(3);
  });

  it('stops retrying a request without a deadline after the default budget', async () => {
    await build({ defaultBudgetMs: 400 });
    server.always(status(503));
    const started = performance.now();

    const error = await rejection(sut().request('POST', '/x', {}));

    expect(error.status).toBe(503);
    expect(server.received.length).toBeGreaterThan(2);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('sends concurrent requests over at most `pool.connections` connections', async () => {
    await build({ pool: { connections: 2 } });
    server.always((_req, res) => setTimeout(() => res.writeHead(202).end(), 30));

    const results = await Promise.all(
      Array.from({ length: 10 }, () => sut().request('POST', '/x', {})),
    );

    expect(results.every((r) => r.status === 202)).toBe(true);
    const connections = new Set(server.received.map((r) => r.port));
    expect(connections.size).toBeLessThanOrEqual(2);
  });

  it('reuses a warm connection for the next request after a quiet moment', async () => {
    await build();
    server.always(accepted);

    await sut().request('POST', '/x', {});
    await new Promise((resolve) => setTimeout(resolve, 300));
    await sut().request('POST', '/x', {});

    expect(server.received).toHaveLength(2);
    expect(server.received[1].port).toBe(server.received[0].port);
  });
});
