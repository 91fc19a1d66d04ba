import { randomUUID } from 'node:crypto';
import { Cluster } from 'ioredis';
import { OWN_CALLBACK, eventually, fixtureItem } from './support/calls-helpers';
import {
  ACCEPT,
  answeredPolicyCall,
  callWhen,
  deliverTo,
  inviteNewBot,
  joiningItem,
  pbrApi,
  startPolicyRecordingStack,
} from './support/policy-recording-helpers';
import { RedisCluster, redisServerInstalled } from './support/redis-cluster';
import type { TestStack } from './support';

const installed = redisServerInstalled();
if (!installed) console.warn('SKIPPED: the Redis Cluster e2e test needs redis-server on the PATH');
const describeWithCluster = installed ? describe : describe.skip;

/** The service with REDIS_CLUSTER_NODES: store, seats, group mappings and journal on a Cluster. */
describeWithCluster('Service on a Redis Cluster (REDIS_CLUSTER_NODES)', () => {
  let cluster: RedisCluster;
  let stack: TestStack;
  const keyPrefix = `switchboard-test:cluster:${randomUUID()}:`;

  /** Every key of the run matching `pattern` (after the prefix), from every master. */
  async function keysLike(pattern: string): Promise<string[]> {
    const client = new Cluster(cluster.nodes.map((node) => `redis://${node}`));
    try {
      await new Promise((resolve) => client.once('ready', resolve));
      const found = await Promise.all(
        client.nodes('master').map((node) => node.keys(`${keyPrefix}${pattern}`)),
      );
      return found.flat();
    } finally {
      client.disconnect();
    }
  }

  async function duplicatesOf(kind: string): Promise<number> {
    const text = await (await fetch(`${stack.baseUrl}/metrics`)).text();
    const line = `switchboard_notifications_total{kind="${kind}",result="duplicate"} `;
    const found = text.split('\n').find((l) => l.startsWith(line));
    return found ? Number(found.slice(line.length)) : 0;
  }

  beforeAll(async () => {
    cluster = await RedisCluster.start();
    stack = await startPolicyRecordingStack({
      // REDIS_URL leads nowhere: with seed nodes the service must not use it.
      env: {
        STORE_DRIVER: 'redis',
        REDIS_URL: 'redis://127.0.0.1:1',
        REDIS_CLUSTER_NODES: cluster.nodes.join(','),
      },
      config: {
        store: { keyPrefix },
        policyRecording: { groups: [{ policyIdentifier: 'Pair', participantCapacity: 2 }] },
      },
      waitFor: ['notificationKeys', 'graphToken', 'store'],
    });
  }, 40_000);

  afterAll(async () => {
    await stack?.close();
    await cluster?.stop();
  });

  it('is ready and answers an incoming call, whose journal it returns', async () => {
    expect((await fetch(`${stack.baseUrl}/health/ready`)).status).toBe(200);
    const placed = await stack.emulator.placeCall('p2p-service-hosted');
    const action = await stack.emulator.waitForAction(placed.callId, 8000);
    expect(action.kind).toBe('answer');

    const entries = await eventually(
      async () => {
        const response = await pbrApi(stack.baseUrl).get<{ value: { kind: string }[] }>(
          `/${placed.callId}/journal`,
        );
        const kinds = response.status === 200 ? response.body.value.map((e) => e.kind) : [];
        return kinds.includes('decision') && kinds.includes('notification') && kinds;
      },
      8000,
      'journal of the answered call',
    );
    expect(entries.length).toBeGreaterThan(1);
  });

  it('gives the seats of a policy-recording call to exactly as many joins as it holds', async () => {
    const { callId } = await answeredPolicyCall(stack, {
      policyIdentifier: 'Pair',
      tenantId: stack.emulator.tenantId,
    });
    const joins = await Promise.all(
      Array.from({ length: 12 }, () =>
        deliverTo(stack.emulator, [joiningItem({ instanceCallId: callId })]),
      ),
    );
    expect(joins.map((r) => r.status)).toEqual(Array(12).fill(200));
    const accepted = joins.filter((r) => JSON.stringify(r.body) === JSON.stringify(ACCEPT));
    expect(accepted).toHaveLength(1);
    // Through the policy group mapping: the call is full, so the join is sent to a new bot.
    const viaGroup = joiningItem({ policyIdentifier: 'Pair', tenantId: stack.emulator.tenantId });
    expect((await deliverTo(stack.emulator, [viaGroup])).body).toEqual(inviteNewBot(OWN_CALLBACK));
    await callWhen(stack.baseUrl, callId, (c) => c.participantsHandled === 2);
  });

  it("drops a state notification delivered again: its marker is written with the transition, in the call's slot, and the established call is scheduled", async () => {
    const placed = await stack.emulator.placeCall('p2p-service-hosted', { autoEstablish: false });
    await stack.emulator.waitForAction(placed.callId, 8000);
    await callWhen(stack.baseUrl, placed.callId, (c) => c.outcome === 'sent');
    const id = placed.callId.toLowerCase();
    const item = fixtureItem('call-established', placed.callId);
    (item.resourceData as Record<string, unknown>)['@odata.etag'] = `W/"${randomUUID()}"`;
    const before = await duplicatesOf('callUpdated');

    expect((await stack.emulator.notify(placed.callId, [item])).status).toBe(202);
    await callWhen(stack.baseUrl, placed.callId, (c) => c.state === 'established');
    expect((await stack.emulator.notify(placed.callId, [item])).status).toBe(202);

    expect(await duplicatesOf('callUpdated')).toBe(before + 1);
    // The incoming call's marker (written with its create) and the transition's, both in the
    // call's slot: the Cluster ran each in the call's own script.
    expect(await keysLike(`seen:{${id}}:*`)).toHaveLength(2);
    const shards = await keysLike('due:*');
    const client = new Cluster(cluster.nodes.map((node) => `redis://${node}`));
    try {
      const scores = await Promise.all(shards.map((shard) => client.zscore(shard, id)));
      const at = scores.filter((score): score is string => score !== null).map(Number);
      // Scheduled with the transition for its first keep-alive, ahead of now.
      expect(at).toHaveLength(1);
      expect(at[0]).toBeGreaterThan(Date.now());
    } finally {
      client.disconnect();
    }
  });
});
