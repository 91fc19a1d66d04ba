import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import { freePort } from '../scripts/child-service';
import { PrivateRedis } from './support/private-redis';
import { tally, trafficWithFault, type DeliveredCall } from './support/reliability';
import { startStack, type TestStack } from './support/stack';

/**
 * Accepted means answered, with Redis failing under the service (docs/reliability.md): every
 * notification is either acknowledged and then answered exactly once before its deadline, or
 * refused (503) and answered once Graph delivers it again.
 */
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function traffic(
  stack: TestStack,
  calls: number,
  everyMs: number,
  fault: () => Promise<void>,
): Promise<DeliveredCall[]> {
  return trafficWithFault(stack.emulator, calls, everyMs, fault);
}

/** Every call acknowledged (at last), and each decided exactly once before its deadline. */
function expectAllAnswered(stack: TestStack, calls: DeliveredCall[], label: string): void {
  const figures = tally(stack.emulator, calls);
  process.stdout.write(`${label}: ${JSON.stringify(figures)}\n`);
  expect(figures.acknowledged).toBe(figures.placed);
  expect(figures.lost).toBe(0);
  expect(figures.duplicates).toBe(0);
  expect(figures.decided).toBe(figures.placed);
}

describe('Accepted means answered: Redis failing during traffic', () => {
  let redis: PrivateRedis;
  let stack: TestStack;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    stack = await startStack({
      env: {
        STORE_DRIVER: 'redis',
        REDIS_URL: redis.url,
        LOG_LEVEL: process.env.RELIABILITY_LOG_LEVEL ?? 'silent',
      },
      config: { store: { keyPrefix: `reliability-${randomUUID()}:`, commandTimeoutMs: 500 } },
      waitFor: ['notificationKeys', 'store'],
    });
  }, 60_000);

  afterAll(async () => {
    redis.resume();
    await stack?.close();
    await redis?.stop();
  });

  afterEach(async () => {
    redis.resume();
    await stack.waitForReady(['store'], 10_000);
  });

  it('answers every acknowledged call, and every refused one once redelivered, when Redis is killed and restarted', async () => {
    const calls = await traffic(stack, 12, 200, async () => {
      await redis.kill();
      await sleep(1500);
      await redis.restart();
    });

    expectAllAnswered(stack, calls, 'redis killed 1.5 s');
  }, 60_000);

  it('answers every acknowledged call, and every refused one once redelivered, when Redis hangs for 2 s', async () => {
    const calls = await traffic(stack, 12, 200, async () => {
      redis.hang();
      await sleep(2000);
      redis.resume();
    });

    expectAllAnswered(stack, calls, 'redis hung 2 s');
  }, 60_000);

  it('refuses (503) and reports store readiness red while Redis refuses scripts, and answers the redelivery once it accepts them', async () => {
    const admin = new Redis(redis.url);
    try {
      await admin.call('ACL', 'SETUSER', 'default', '-@scripting');
      const first = await stack.emulator.placeCall('p2p-service-hosted');
      expect(first.status).toBe(503);
      const ready = await fetch(`${stack.baseUrl}/health/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { checks: Record<string, string> }).checks.store).toBe(
        'refused',
      );

      await admin.call('ACL', 'SETUSER', 'default', '+@all');
      const values = first.notification.value as Parameters<typeof stack.emulator.notify>[1];
      expect((await stack.emulator.notify(first.callId, values)).status).toBe(202);
      const action = await stack.emulator.waitForAction(first.callId);
      expect(action).toMatchObject({ kind: 'answer', accepted: true });
    } finally {
      await admin.call('ACL', 'SETUSER', 'default', '+@all').catch(() => undefined);
      admin.disconnect();
    }
  }, 30_000);
});

describe('readiness with an unreachable Redis', () => {
  let stack: TestStack;

  beforeAll(async () => {
    const nowhere = `redis://127.0.0.1:${await freePort()}`;
    stack = await startStack({ env: { STORE_DRIVER: 'redis', REDIS_URL: nowhere } });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('answers 503 naming the store within 500 ms, every time, and refuses notifications with 503', async () => {
    const timings: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const response = await fetch(`${stack.baseUrl}/health/ready`);
      timings.push(performance.now() - started);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { checks: Record<string, string> };
      expect(['unavailable', 'timeout']).toContain(body.checks.store);
      expect(JSON.stringify(body)).not.toMatch(/max retries|ECONNREFUSED|ioredis/i);
    }
    process.stdout.write(
      `readiness with Redis unreachable: ${timings.map(Math.round).join(', ')} ms\n`,
    );
    // The checks are bounded at 300 ms; the margin is for a loaded machine.
    expect(Math.max(...timings)).toBeLessThan(1000);

    const call = await stack.emulator.placeCall('p2p-service-hosted');
    expect(call.status).toBe(503);
  }, 30_000);
});
