import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import Redis from 'ioredis';
import { eventually } from './support/calls-helpers';
import { placeAndRedeliver, placeWaitingOnGraph, settled } from './support/reliability';
import { useServiceProcesses, type ServiceProcess } from './support/service-processes';

/**
 * `GET /api/overview` over real HTTP against `node dist/main.js` and the Graph emulator: calls
 * placed through the emulator are counted by outcome and source as the metrics count them, and
 * with the Redis store an instance's overview includes what the other instances decided.
 */
const OPERATOR_KEY = `overview-key-${randomUUID()}`;
const SOURCES = ['rule', 'handler', 'default', 'operator', 'fallback'];

interface Percentiles {
  p50: number | null;
  p99: number | null;
}
interface Minute {
  start: string;
  decisions: Record<string, Record<string, number>>;
  latencyMs: Percentiles;
  deadlineMisses: number;
  takeovers: number;
}
interface Overview {
  generatedAt: string;
  minutes: number;
  instances: string[];
  buckets: Minute[];
  totals: { decisions: number; latencyMs: Percentiles; deadlineMisses: number; takeovers: number };
}

const fixture = useServiceProcesses();

/** Rules: phones are rejected by a rule, everyone else answered by the default. */
const CONFIG = {
  server: { drainDelayMs: 200 },
  answer: {
    rules: [
      {
        name: 'phones are refused',
        match: { callerKinds: ['phone'] },
        action: { type: 'reject' },
      },
    ],
  },
};

function instance(env: Record<string, string>, prefix = 'unused:'): Promise<ServiceProcess> {
  return fixture.start(
    { OPERATOR_API_KEYS: OPERATOR_KEY, ...env },
    { ...CONFIG, store: { keyPrefix: prefix } },
  );
}

async function overview(
  baseUrl: string,
  query = '',
  headers: Record<string, string> = { authorization: `Bearer ${OPERATOR_KEY}` },
): Promise<{ status: number; body: Overview }> {
  const response = await fetch(`${baseUrl}/api/overview${query}`, { headers });
  return { status: response.status, body: (await response.json()) as Overview };
}

/** Sums the buckets' decisions by `outcome/source`. */
function countsOf(body: Overview): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const bucket of body.buckets) {
    for (const [outcome, bySource] of Object.entries(bucket.decisions)) {
      for (const [source, count] of Object.entries(bySource)) {
        if (count > 0)
          counts[`${outcome}/${source}`] = (counts[`${outcome}/${source}`] ?? 0) + count;
      }
    }
  }
  return counts;
}

/** `switchboard_decision_sources_total` from /metrics, by `outcome/source` (actions summed). */
async function metricCounts(baseUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith('switchboard_decision_sources_total{')) continue;
    const source = /source="([^"]+)"/.exec(line)?.[1];
    const outcome = /outcome="([^"]+)"/.exec(line)?.[1];
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (!source || !outcome || value === 0) continue;
    counts[`${outcome}/${source}`] = (counts[`${outcome}/${source}`] ?? 0) + value;
  }
  return counts;
}

/** Places calls through the emulator and waits until Graph has each one's decision. */
async function placeCalls(phones: number, others: number): Promise<void> {
  const placed = await Promise.all([
    ...Array.from({ length: phones }, () =>
      placeAndRedeliver(fixture.emulator, 'p2p-service-hosted', { caller: { kind: 'phone' } }),
    ),
    ...Array.from({ length: others }, () =>
      placeAndRedeliver(fixture.emulator, 'p2p-service-hosted'),
    ),
  ]);
  await Promise.all(placed.map((call) => settled(fixture.emulator, call.placed.callId)));
}

function expectWellFormed(body: Overview, minutes: number): void {
  expect(body.minutes).toBe(minutes);
  expect(body.buckets).toHaveLength(minutes);
  const starts = body.buckets.map((bucket) => Date.parse(bucket.start));
  for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBe(60_000);
  expect(starts[starts.length - 1]).toBeLessThanOrEqual(Date.parse(body.generatedAt));
  expect(Date.parse(body.generatedAt) - starts[starts.length - 1]).toBeLessThan(60_000);
  for (const bucket of body.buckets) {
    expect(Object.keys(bucket.decisions).sort()).toEqual(['deadlineMissed', 'failed', 'sent']);
    for (const bySource of Object.values(bucket.decisions)) {
      expect(Object.keys(bySource).sort()).toEqual([...SOURCES].sort());
    }
  }
}

describe('GET /api/overview (memory store, one process)', () => {
  it('counts the decisions by outcome and source as switchboard_decision_sources_total does', async () => {
    const service = await instance({ STORE_DRIVER: 'memory' });
    fixture.emulator.configure({ botBaseUrl: service.baseUrl });
    const before = await overview(service.baseUrl);
    expect(before.status).toBe(200);
    expectWellFormed(before.body, 15);
    expect(before.body.totals).toEqual({
      decisions: 0,
      latencyMs: { p50: null, p99: null },
      deadlineMisses: 0,
      takeovers: 0,
    });
    expect(before.body.instances).toEqual([`${hostname()}:${service.child.pid}`]);

    await placeCalls(2, 3);
    // Graph refuses one answer for good: a failed decision.
    fixture.emulator.faults.inject({ endpoint: 'answer', status: 403, times: 1 });
    await placeCalls(0, 1);

    const after = await eventually(
      async () => {
        const read = await overview(service.baseUrl);
        return read.body.totals.decisions >= 6 && read;
      },
      10_000,
      'six decisions in the overview',
    );
    expectWellFormed(after.body, 15);
    const counts = countsOf(after.body);
    process.stdout.write(
      `overview (memory): ${JSON.stringify({ counts, totals: after.body.totals })}\n`,
    );
    expect(counts).toEqual({ 'sent/rule': 2, 'sent/default': 3, 'failed/default': 1 });
    expect(counts).toEqual(await metricCounts(service.baseUrl));
    const { p50, p99 } = after.body.totals.latencyMs;
    expect(p50).toBeGreaterThan(0);
    expect(p99).toBeGreaterThanOrEqual(p50 ?? Infinity);
    // A decision sent at all was sent before its deadline (15 s for a regular call).
    expect(p99).toBeLessThan(15_000);
    expect(after.body.totals.deadlineMisses).toBe(0);
    expect(after.body.totals.takeovers).toBe(0);

    const hour = await overview(service.baseUrl, '?minutes=60');
    expect(hour.status).toBe(200);
    expectWellFormed(hour.body, 60);
    expect(countsOf(hour.body)).toEqual(counts);
    expectWellFormed((await overview(service.baseUrl, '?minutes=1')).body, 1);
  }, 90_000);

  it('refuses a bad minutes with 400 and a missing or wrong key with 401', async () => {
    const service = await instance({ STORE_DRIVER: 'memory' });
    for (const query of [
      '?minutes=0',
      '?minutes=61',
      '?minutes=-1',
      '?minutes=1.5',
      '?minutes=1e1',
      '?minutes=0x10',
      '?minutes=',
      '?minutes=abc',
      '?minutes=5&minutes=6',
      '?colour=red',
    ]) {
      const { status } = await overview(service.baseUrl, query);
      expect({ query, status }).toEqual({ query, status: 400 });
    }
    const wrong: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong' },
      { 'x-api-key': 'wrong' },
    ];
    for (const headers of wrong) {
      const response = await overview(service.baseUrl, '', headers);
      expect(response.status).toBe(401);
      expect(JSON.stringify(response.body)).not.toContain(OPERATOR_KEY);
    }
    // Still serving after all that.
    expect((await overview(service.baseUrl, '', { 'x-api-key': OPERATOR_KEY })).status).toBe(200);

    const document = (await (await fetch(`${service.baseUrl}/api/docs-json`)).json()) as {
      paths: Record<string, { get?: { parameters?: Array<{ name: string }>; security?: unknown } }>;
    };
    const route = document.paths['/api/overview']?.get;
    expect(route?.parameters?.map((p) => p.name)).toEqual(['minutes']);
    expect(route?.security).toEqual(expect.arrayContaining([{ bearer: [] }]));
  }, 60_000);
});

describe('GET /api/overview (Redis store, two processes)', () => {
  it("instance B's overview includes the calls instance A decided, still after A stopped, and B's takeover", async () => {
    const prefix = `overview-${randomUUID()}:`;
    const env = { STORE_DRIVER: 'redis', REDIS_URL: fixture.redis.url };
    const [a, b] = await Promise.all([instance(env, prefix), instance(env, prefix)]);
    const nameOf = (p: ServiceProcess): string => `${hostname()}:${p.child.pid}`;
    fixture.emulator.configure({ botBaseUrl: a.baseUrl });
    await placeCalls(1, 2);

    // A publishes every few seconds: B sees A's three decisions, though it decided none itself.
    const seenByB = await eventually(
      async () => {
        const read = await overview(b.baseUrl);
        return read.body.totals.decisions >= 3 && read;
      },
      20_000,
      "A's decisions in B's overview",
    );
    expectWellFormed(seenByB.body, 15);
    expect(seenByB.body.instances).toEqual([nameOf(b), nameOf(a)]);
    expect(countsOf(seenByB.body)).toEqual({ 'sent/rule': 1, 'sent/default': 2 });
    expect(await metricCounts(b.baseUrl)).toEqual({});
    expect(seenByB.body.totals.latencyMs.p50).toBeGreaterThan(0);
    process.stdout.write(`overview seen by B: ${JSON.stringify(seenByB.body.totals)}\n`);

    // The keys: one per instance, with a lifetime, all in the `{overview}` slot.
    const client = new Redis(fixture.redis.url);
    try {
      const keys = (await client.keys(`${prefix}overview:*`)).sort();
      expect(keys).toHaveLength(2);
      for (const key of keys) expect(key).toContain(':overview:{overview}:');
      const ttls = await Promise.all(keys.map((key) => client.pttl(key)));
      for (const ttl of ttls) expect(ttl).toBeGreaterThan(0);
    } finally {
      client.disconnect();
    }

    // A is told to stop while Graph keeps it waiting: it hands the decision over, B takes it over,
    // and A's published minutes still count in B's overview after A is gone.
    const [waiting] = await placeWaitingOnGraph(fixture.emulator, 10);
    a.child.kill('SIGTERM');
    expect(await a.exited).toEqual({ code: 0, signal: null });
    await settled(fixture.emulator, waiting.placed.callId);
    const afterTakeover = await eventually(
      async () => {
        const read = await overview(b.baseUrl);
        return read.body.totals.decisions >= 4 && read;
      },
      10_000,
      'the decision B took over',
    );
    process.stdout.write(`after the takeover, B: ${JSON.stringify(afterTakeover.body.totals)}\n`);
    expect(afterTakeover.body.totals.takeovers).toBe(1);
    expect(countsOf(afterTakeover.body)).toEqual({ 'sent/rule': 1, 'sent/default': 3 });
    expect(afterTakeover.body.instances).toEqual([nameOf(b), nameOf(a)]);
  }, 120_000);
});
