import { randomUUID } from 'node:crypto';
import { eventually } from './support/calls-helpers';
import {
  decisionsOf,
  killWhileWaitingOnGraph,
  percentile,
  placeWaitingOnGraph,
  settled,
} from './support/reliability';
import { useServiceProcesses, type ServiceProcess } from './support/service-processes';

/**
 * Accepted means answered across processes (docs/reliability.md): real `node dist/main.js`
 * instances, SIGKILLed or SIGTERMed while waiting on Graph's Retry-After.
 */

const fixture = useServiceProcesses();

/** Fast drains for tests; the lease and scan stay at their defaults, which are under test. */
const BASE_CONFIG = { server: { drainDelayMs: 200 } };

async function instance(store: 'memory' | 'redis', prefix: string): Promise<ServiceProcess> {
  const env: Record<string, string> = { STORE_DRIVER: store };
  if (store === 'redis') env.REDIS_URL = fixture.redis.url;
  return fixture.start(env, { ...BASE_CONFIG, store: { keyPrefix: prefix } });
}

/** SIGTERM: the process exits 0, and the call gets exactly one decision before its deadline. */
async function expectCleanExitWithDecision(victim: ServiceProcess, callId: string): Promise<void> {
  victim.child.kill('SIGTERM');
  expect(await victim.exited).toEqual({ code: 0, signal: null });
  await settled(fixture.emulator, callId);
  const { accepted, acceptedInTime } = decisionsOf(fixture.emulator, callId);
  expect(accepted).toHaveLength(1);
  expect(acceptedInTime).toHaveLength(1);
}

describe('two instances on Redis', () => {
  it('the other instance sends the decision when the one that acknowledged is SIGKILLed while waiting on Graph', async () => {
    const prefix = `kill-${randomUUID()}:`;
    const [a, b] = await Promise.all([instance('redis', prefix), instance('redis', prefix)]);
    const takeoverMs: number[] = [];
    for (let round = 0; round < 2; round++) {
      const victim = round === 0 ? a : await instance('redis', prefix);
      const outcomes = await killWhileWaitingOnGraph(fixture.emulator, victim, 4);
      expect(outcomes).toEqual(
        outcomes.map((o) => ({ ...o, statuses: [202], accepted: 1, acceptedInTime: 1 })),
      );
      takeoverMs.push(...outcomes.map((o) => o.takeoverMs));
    }
    const figures = {
      calls: takeoverMs.length,
      p50: percentile(takeoverMs, 50),
      max: Math.max(...takeoverMs),
    };
    process.stdout.write(`takeover after SIGKILL (ms): ${JSON.stringify(figures)}\n`);
    // A running instance's lines reach stdout in batches (at the latest every 200 ms).
    await eventually(() => b.lines('decision taken over').length >= takeoverMs.length, 2000);
    expect(b.lines('decision taken over').length).toBe(takeoverMs.length);
    // Lease 1.5 s + scan 0.25 s; a policy-recording deadline is 5 s.
    expect(figures.max).toBeLessThan(3500);
  }, 120_000);

  it('on SIGTERM during a 10 s Retry-After, hands the decision over and exits 0', async () => {
    const prefix = `term-${randomUUID()}:`;
    const [a, b] = await Promise.all([instance('redis', prefix), instance('redis', prefix)]);
    fixture.emulator.configure({ botBaseUrl: a.baseUrl });
    const [call] = await placeWaitingOnGraph(fixture.emulator, 10);

    await expectCleanExitWithDecision(a, call.placed.callId);
    const callId = call.placed.callId;
    expect(a.lines('shutdown: decision handed over to another instance')).toEqual([
      expect.objectContaining({ callId }),
    ]);
    expect(a.lines('stopped')).toEqual([
      expect.objectContaining({ decisionsHandedOver: 1, decisionsUnfinished: 0 }),
    ]);
    expect(a.logs[a.logs.length - 1].msg).toBe('stopped');
    await eventually(() => b.lines('decision taken over').length > 0, 2000);
    expect(b.lines('decision taken over')).toEqual([expect.objectContaining({ callId })]);
  }, 60_000);
});

describe('one instance on the embedded store', () => {
  it('on SIGTERM during a 10 s Retry-After, waits, sends the decision before the deadline, and exits 0', async () => {
    const a = await instance('memory', 'memory:');
    fixture.emulator.configure({ botBaseUrl: a.baseUrl });
    const [call] = await placeWaitingOnGraph(fixture.emulator, 10);

    await expectCleanExitWithDecision(a, call.placed.callId);
    expect(a.lines('shutdown: decision finished here')).toEqual([
      expect.objectContaining({ callId: call.placed.callId }),
    ]);
    expect(a.lines('stopped')).toEqual([
      expect.objectContaining({ decisionsFinished: 1, decisionsUnfinished: 0 }),
    ]);
  }, 60_000);
});
