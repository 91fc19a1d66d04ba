import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { type Emulator, type ScenarioName, startEmulator } from '../emulator';
import { freePort } from '../scripts/child-service';
import { buildConsoleInto, buildService, removeBuild } from './support/built-service';
import { NginxGateway, nginxAvailable, NGINX_BINARY } from './support/nginx-gateway';
import { ServiceProcess } from './support/service-process';
import { parseStrictJson } from './support/strict-json';

/**
 * deploy/nginx in front of two built instances (`node main.js`) sharing Redis, Graph played by the
 * emulator: what a deployment behind a gateway relies on.
 */
const OPERATOR_KEY = 'gateway-test-operator-key';
const REPO_CONFIG_DIR = resolve(__dirname, '../config');

if (!nginxAvailable()) {
  // Visible in the run's output: a skipped gateway test is not a passing one.
  console.warn(`gateway e2e SKIPPED: ${NGINX_BINARY} is not installed (apt-get install nginx)`);
}
const describeWithNginx = nginxAvailable() ? describe : describe.skip;

interface Answered {
  status: number;
  answered: boolean;
}

async function placeAndWait(emulator: Emulator, scenario: ScenarioName): Promise<Answered> {
  const placed = await emulator.placeCall(scenario);
  const action = await emulator.waitForAction(placed.callId, 20_000);
  return {
    status: placed.status,
    answered: action.kind === 'answer' && action.accepted && !action.deadlineMissed,
  };
}

/** A GET through the gateway from a chosen loopback address, as another client machine would. */
function getFrom(
  url: string,
  localAddress: string,
  headers: Record<string, string>,
): Promise<{ status: number; requestId: string | undefined }> {
  return new Promise((done, fail) => {
    const req = request(url, { localAddress, headers }, (res) => {
      res.resume();
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, requestId: res.headers['x-request-id'] as string }),
      );
    });
    req.on('error', fail);
    req.end();
  });
}

async function eventually<T>(
  read: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 5_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined || Date.now() > until) return value as T;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeWithNginx('behind deploy/nginx, two instances on Redis', () => {
  let buildDir: string | undefined;
  let configDir: string;
  let emulator: Emulator;
  let gateway: NginxGateway;
  let instances: ServiceProcess[] = [];

  beforeAll(async () => {
    buildDir = buildService();
    buildConsoleInto(buildDir);
    const [gatewayPort, firstPort, secondPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const gatewayUrl = `https://127.0.0.1:${gatewayPort}`;
    emulator = await startEmulator({ port: 0, keyDir: null, publicBaseUrl: gatewayUrl });
    configDir = mkdtempSync(join(tmpdir(), 'switchboard-config-'));
    copyFileSync(join(REPO_CONFIG_DIR, 'default.yaml'), join(configDir, 'default.yaml'));
    copyFileSync(join(REPO_CONFIG_DIR, 'test.yaml'), join(configDir, 'test.yaml'));
    writeFileSync(
      join(configDir, 'local.yaml'),
      stringify({
        server: { trustProxy: ['127.0.0.1'], drainDelayMs: 1000 },
        console: { enabled: true },
        store: { keyPrefix: `switchboard-gateway-${randomBytes(4).toString('hex')}:` },
      }),
    );
    const env = {
      ...emulator.serviceEnv(),
      NODE_ENV: 'test',
      CONFIG_DIR: configDir,
      LOG_LEVEL: 'info',
      STORE_DRIVER: 'redis',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PUBLIC_BASE_URL: gatewayUrl,
      OPERATOR_API_KEYS: OPERATOR_KEY,
    };
    instances = [firstPort, secondPort].map((port) => new ServiceProcess(buildDir!, port, env));
    await Promise.all(instances.map((instance) => instance.ready()));
    gateway = NginxGateway.start({
      port: gatewayPort,
      caPath: emulator.caPath,
      upstreams: instances.map((instance) => `127.0.0.1:${instance.port}`),
    });
    await gateway.ready();
    emulator.configure({ botBaseUrl: gateway.url });
  }, 180_000);

  afterAll(async () => {
    await gateway?.stop();
    await Promise.all(instances.map((instance) => instance.stop()));
    await emulator?.close();
    rmSync(configDir, { recursive: true, force: true });
    removeBuild(buildDir);
  }, 30_000);

  it('answers calls delivered through the gateway, by both instances', async () => {
    const scenarios: ScenarioName[] = ['p2p-service-hosted', 'policy-recording', 'pstn'];
    const results = await Promise.all(
      [...scenarios, ...scenarios].map((scenario) => placeAndWait(emulator, scenario)),
    );

    expect(results).toEqual(results.map(() => ({ status: 202, answered: true })));
    const upstreams = new Set(
      gateway.access.filter((line) => line.path === '/api/calling').map((line) => line.upstream),
    );
    expect(upstreams).toEqual(new Set(instances.map((i) => `127.0.0.1:${i.port}`)));
  }, 60_000);

  it('puts the client address and the request id in the logs, and echoes the id', async () => {
    const calls = `${gateway.url}/api/calls`;
    // A forged X-Forwarded-For is not believed: nginx is the edge and sets it from the socket.
    const given = await getFrom(calls, '127.0.0.2', {
      authorization: `Bearer ${OPERATOR_KEY}`,
      'x-request-id': 'gateway-probe-1',
      'x-forwarded-for': '203.0.113.9',
    });
    const generated = await getFrom(calls, '127.0.0.3', {
      authorization: `Bearer ${OPERATOR_KEY}`,
    });

    expect(given).toEqual({ status: 200, requestId: 'gateway-probe-1' });
    expect(generated.status).toBe(200);
    expect(generated.requestId).toMatch(/^[0-9a-f]{32}$/);
    for (const [id, client] of [
      ['gateway-probe-1', '127.0.0.2'],
      [generated.requestId, '127.0.0.3'],
    ]) {
      const line = await eventually(() =>
        instances
          .flatMap((i) => i.logLines((l) => (l.req as { id?: string } | undefined)?.id === id))
          .find((l) => l.msg === 'request completed'),
      );
      expect(line).toMatchObject({ req: { id, remoteAddress: client, url: '/api/calls' } });
      expect(gateway.access).toContainEqual(
        expect.objectContaining({ requestId: id, client, status: 200 }),
      );
    }
  });

  it('keeps /metrics and the OpenAPI pages off the public side', async () => {
    for (const path of ['/metrics', '/api/docs', '/api/docs-json']) {
      const response = await fetch(`${gateway.url}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
  });

  it('refuses a body over the service limit itself, in the service error shape', async () => {
    const response = await fetch(`${gateway.url}/api/calling`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'too-large-1' },
      body: JSON.stringify({ value: [], padding: 'x'.repeat(2 * 1024 * 1024) }),
    });

    expect(response.status).toBe(413);
    expect(response.headers.get('x-request-id')).toBe('too-large-1');
    expect(await response.json()).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('streams operator events as they come, and serves the overview and the console', async () => {
    const auth = { authorization: `Bearer ${OPERATOR_KEY}` };
    const reading = new AbortController();
    const stream = await fetch(`${gateway.url}/api/calls/events`, {
      headers: auth,
      signal: reading.signal,
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    let received = '';
    const decoder = new TextDecoder();
    const read = (async () => {
      for await (const chunk of stream.body as AsyncIterable<Uint8Array>) {
        received += decoder.decode(chunk, { stream: true });
      }
    })().catch(() => undefined);
    // nginx alternates the instances, so of four calls in a row two are the stream's instance's.
    // A few small events never fill a proxy buffer: buffered, they would not arrive at all.
    const placed: string[] = [];
    for (let index = 0; index < 4; index += 1) {
      const call = await emulator.placeCall('p2p-service-hosted');
      placed.push(call.callId);
      await emulator.waitForAction(call.callId, 20_000);
    }
    const streamed = await eventually(() => placed.find((id) => received.includes(id)), 10_000);
    reading.abort();
    await read;
    expect(streamed).toBeDefined();

    // Every instance publishes its minutes to Redis: either one's overview merges both.
    const overview = await eventually(async () => {
      const response = await fetch(`${gateway.url}/api/overview`, { headers: auth });
      const body = (await response.json()) as { instances: string[] };
      return response.status === 200 && body.instances.length === 2 ? body : undefined;
    }, 15_000);
    expect(overview).toMatchObject({ minutes: 15, instances: expect.any(Array) });
    expect((await fetch(`${gateway.url}/api/overview`)).status).toBe(401);

    const page = await fetch(`${gateway.url}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
  }, 60_000);

  it('loses no call when one instance is drained with SIGTERM mid-traffic', async () => {
    const [drained, survivor] = instances;
    const total = 40;
    const pending: Promise<Answered>[] = [];
    const scenarios: ScenarioName[] = ['p2p-service-hosted', 'policy-recording'];
    for (let index = 0; index < total; index += 1) {
      if (index === 10) drained.signal('SIGTERM');
      pending.push(placeAndWait(emulator, scenarios[index % scenarios.length]));
      await new Promise((r) => setTimeout(r, 100));
    }
    const results = await Promise.all(pending);
    const exit = await drained.exited;

    const answered = results.filter((r) => r.status === 202 && r.answered).length;
    const deliveries = gateway.access.filter((line) => line.path === '/api/calling');
    const retried = deliveries.filter((line) => line.upstream.includes(',')).length;
    const bySurvivor = deliveries.filter((l) => l.upstream.endsWith(`:${survivor.port}`)).length;
    console.info(
      `gateway drain: ${total} calls sent, ${answered} answered, ${total - answered} lost; ` +
        `${deliveries.length} deliveries through the gateway, ${retried} passed to the other ` +
        `instance by nginx, ${bySurvivor} served by the surviving instance; drained instance ` +
        `exit ${exit.signal ?? exit.code}`,
    );
    expect(answered).toBe(total);
    // A clean drain ends with exit 0 and a last "stopped" line with its counts.
    expect(exit.signal ?? exit.code).toBe(0);
    expect(drained.lines.some((line) => line.includes('"msg":"draining"'))).toBe(true);
    expect(drained.lines.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
  }, 120_000);

  it('wrote only JSON lines with no key twice, in both instances', () => {
    const lines = instances.flatMap((instance) => instance.lines).filter((l) => l.length > 0);
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(() => parseStrictJson(line)).not.toThrow();
  });
});
