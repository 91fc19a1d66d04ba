import { randomUUID } from 'node:crypto';
import { startEmulator, type Emulator } from '../emulator';
import { eventually, operatorApi } from './support/calls-helpers';
import { RedisCluster, redisServerInstalled } from './support/redis-cluster';
import {
  killWhileWaitingOnGraph,
  percentile,
  tally,
  trafficWithFault,
  type DeliveredCall,
} from './support/reliability';
import {
  buildService,
  startServiceProcess,
  type ServiceProcess,
} from './support/service-processes';

/**
 * Two real `node dist/main.js` instances sharing a local 3-node Redis Cluster that the test starts
 * itself: what docs/reliability.md promises of two instances on one Redis holds on a Cluster too.
 */
const installed = redisServerInstalled();
if (!installed) console.warn('SKIPPED: the Redis Cluster e2e test needs redis-server on the PATH');
const describeWithCluster = installed ? describe : describe.skip;

const OPERATOR_KEY = 'cluster-e2e-operator-key';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let build: ReturnType<typeof buildService>;
let emulator: Emulator;
let cluster: RedisCluster;
const processes: ServiceProcess[] = [];

async function instance(prefix: string): Promise<ServiceProcess> {
  const started = await startServiceProcess(
    build.mainJs,
    {
      ...emulator.serviceEnv(),
      STORE_DRIVER: 'redis',
      // Leads nowhere: with seed nodes the service must not use it.
      REDIS_URL: 'redis://127.0.0.1:1',
      REDIS_CLUSTER_NODES: cluster.nodes.join(','),
      OPERATOR_API_KEYS: OPERATOR_KEY,
    },
    { server: { drainDelayMs: 200 }, store: { keyPrefix: prefix, commandTimeoutMs: 500 } },
  );
  processes.push(started);
  return started;
}

/**
 * Calls through the two instances in turn (a load balancer without affinity: each call's later
 * notifications reach whichever is current), with `fault` started after the second.
 */
function trafficThroughBoth(
  instances: readonly ServiceProcess[],
  fault: () => Promise<void>,
): Promise<DeliveredCall[]> {
  return trafficWithFault(emulator, 12, 200, fault, (i) =>
    emulator.configure({ botBaseUrl: instances[i % instances.length].baseUrl }),
  );
}

/** Every call acknowledged (at last) and decided exactly once in time. */
function expectAllAnswered(calls: DeliveredCall[], label: string): void {
  const figures = tally(emulator, calls);
  process.stdout.write(`${label}: ${JSON.stringify(figures)}\n`);
  expect(figures.acknowledged).toBe(figures.placed);
  expect(figures.lost).toBe(0);
  expect(figures.duplicates).toBe(0);
  expect(figures.decided).toBe(figures.placed);
}

/** Both instances show each call with the same decision and outcome: one record, one truth. */
async function expectSameRecords(
  instances: readonly ServiceProcess[],
  calls: DeliveredCall[],
): Promise<void> {
  const viewsOf = (call: DeliveredCall) =>
    Promise.all(
      instances.map(async (service) => {
        const response = await operatorApi(service.baseUrl, OPERATOR_KEY).get<{
          decision: unknown;
          outcome: unknown;
        }>(`/${call.placed.callId}`);
        expect(response.status).toBe(200);
        return { decision: response.body.decision, outcome: response.body.outcome };
      }),
    );
  for (const call of calls) {
    // Graph's 202 reaches the emulator's record before the instance writes the outcome it read.
    await eventually(
      async () => (await viewsOf(call))[0].outcome === 'sent',
      5000,
      `outcome of ${call.placed.callId}`,
    ).catch(() => undefined);
    const views = await viewsOf(call);
    expect(views[0].outcome).toBe('sent');
    expect(views[1]).toEqual(views[0]);
  }
}

describeWithCluster('two instances on a Redis Cluster', () => {
  beforeAll(async () => {
    build = buildService();
    emulator = await startEmulator({ port: 0, keyDir: null });
    cluster = await RedisCluster.start();
  }, 120_000);

  afterEach(() => {
    emulator.faults.clear();
    for (const port of cluster.ports) cluster.resumeNode(port);
    for (const p of processes.splice(0)) p.dispose();
  });

  afterAll(async () => {
    await emulator?.close();
    await cluster?.stop();
    build?.dispose();
  });

  it('the other instance sends the decision when the one that acknowledged is SIGKILLed while waiting on Graph', async () => {
    const prefix = `cluster-kill-${randomUUID()}:`;
    const [victim, survivor] = await Promise.all([instance(prefix), instance(prefix)]);
    const calls = 4;
    const outcomes = await killWhileWaitingOnGraph(emulator, victim, calls);

    expect(outcomes).toEqual(
      outcomes.map((o) => ({ ...o, statuses: [202], accepted: 1, acceptedInTime: 1 })),
    );
    const takeoverMs = outcomes.map((o) => o.takeoverMs);
    const figures = { calls, p50: percentile(takeoverMs, 50), max: Math.max(...takeoverMs) };
    process.stdout.write(`cluster: takeover after SIGKILL (ms): ${JSON.stringify(figures)}\n`);
    // A running instance's lines reach stdout in batches (at the latest every 200 ms).
    await eventually(() => survivor.lines('decision taken over').length >= calls, 2000).catch(
      () => undefined,
    );
    expect(survivor.lines('decision taken over')).toHaveLength(calls);
  }, 90_000);

  it('answers every call exactly once through both instances while a Cluster node is killed and restarted, and both show the same records', async () => {
    const prefix = `cluster-outage-${randomUUID()}:`;
    const both = await Promise.all([instance(prefix), instance(prefix)]);
    const node = cluster.ports[1];
    const calls = await trafficThroughBoth(both, async () => {
      await cluster.killNode(node);
      await sleep(1500);
      await cluster.restartNode(node);
    });

    expectAllAnswered(calls, 'cluster node killed 1.5 s, two instances');
    await expectSameRecords(both, calls);
  }, 90_000);

  it('answers every call exactly once through both instances while a Cluster node hangs for 2 s', async () => {
    const prefix = `cluster-hang-${randomUUID()}:`;
    const both = await Promise.all([instance(prefix), instance(prefix)]);
    const node = cluster.ports[2];
    const calls = await trafficThroughBoth(both, async () => {
      cluster.hangNode(node);
      await sleep(2000);
      cluster.resumeNode(node);
    });

    expectAllAnswered(calls, 'cluster node hung 2 s, two instances');
    await expectSameRecords(both, calls);
  }, 90_000);
});
