import type { Emulator, PlacedCall, PlaceCallOptions, ScenarioName } from '../../emulator';
import type { ServiceProcess } from './service-processes';

const DECISIONS = new Set(['answer', 'reject', 'redirect']);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A call as a reliability test follows it: placed, and delivered again while refused. */
export interface DeliveredCall {
  readonly placed: PlacedCall;
  /** The service's statuses for each delivery of the incoming notification, in order. */
  readonly statuses: number[];
  /** Whether some delivery was acknowledged (2xx). */
  readonly acknowledged: boolean;
}

const isAck = (status: number): boolean => status >= 200 && status < 300;

/**
 * Places a call and, as Graph does with a notification that was not acknowledged, delivers it
 * again every `retryMs` until it is (or its deadline is near).
 */
export async function placeAndRedeliver(
  emulator: Emulator,
  scenario: ScenarioName,
  opts: PlaceCallOptions & { retryMs?: number } = {},
): Promise<DeliveredCall> {
  const placed = await emulator.placeCall(scenario, opts);
  const statuses = [placed.status];
  const until = Date.parse(placed.deadlineAt) - 1000;
  while (!isAck(statuses[statuses.length - 1]) && Date.now() < until) {
    await sleep(opts.retryMs ?? 250);
    const values = placed.notification.value as Parameters<Emulator['notify']>[1];
    statuses.push((await emulator.notify(placed.callId, values)).status);
  }
  return { placed, statuses, acknowledged: statuses.some(isAck) };
}

/** What Graph (the emulator) got for one call: its decision requests and the accepted ones. */
export function decisionsOf(emulator: Emulator, callId: string) {
  const requests = (emulator.getCall(callId)?.requests ?? []).filter((r) =>
    DECISIONS.has(r.endpoint),
  );
  const accepted = requests.filter((r) => r.status >= 200 && r.status < 300);
  return { requests, accepted, acceptedInTime: accepted.filter((r) => !r.late) };
}

/** Resolves once Graph has seen `count` decision attempts for the call (10 s at most). */
async function decisionAttempts(emulator: Emulator, callId: string, count: number): Promise<void> {
  const until = Date.now() + 10_000;
  while (decisionsOf(emulator, callId).requests.length < count && Date.now() < until) {
    await sleep(20);
  }
}

/**
 * Places `calls` calls of `scenario` whose first answers Graph keeps waiting `retryAfterSeconds`
 * (503 with Retry-After), and resolves once each first answer was attempted: the instance that
 * acknowledged them is then holding decisions it cannot finish soon.
 */
export async function placeWaitingOnGraph(
  emulator: Emulator,
  retryAfterSeconds: number,
  calls = 1,
  scenario: ScenarioName = 'p2p-service-hosted',
): Promise<DeliveredCall[]> {
  emulator.faults.inject({ endpoint: 'answer', status: 503, retryAfterSeconds, times: calls });
  const placed = await Promise.all(
    Array.from({ length: calls }, () => placeAndRedeliver(emulator, scenario)),
  );
  await Promise.all(placed.map((c) => decisionAttempts(emulator, c.placed.callId, 1)));
  return placed;
}

/** The `p`th percentile (nearest rank) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Waits until Graph has accepted a decision for the call, or its deadline has passed. */
export async function settled(emulator: Emulator, callId: string): Promise<void> {
  const call = emulator.getCall(callId);
  const until = Date.parse(call?.deadlineAt ?? new Date().toISOString()) + 500;
  while (decisionsOf(emulator, callId).accepted.length === 0 && Date.now() < until) {
    await sleep(50);
  }
}

/** The figures a reliability test reports: acknowledged, decided in time, lost. */
export interface Tally {
  placed: number;
  acknowledged: number;
  refusedFirst: number;
  decided: number;
  lost: number;
  duplicates: number;
  /** Every call not decided exactly once in time: its statuses and Graph requests, to read. */
  problems: Array<{ callId: string; statuses: number[]; requests: unknown[] }>;
}

export function tally(emulator: Emulator, calls: readonly DeliveredCall[]): Tally {
  let decided = 0;
  let duplicates = 0;
  const problems: Tally['problems'] = [];
  for (const call of calls) {
    const { requests, accepted, acceptedInTime } = decisionsOf(emulator, call.placed.callId);
    if (acceptedInTime.length === 1) decided += 1;
    if (accepted.length > 1) duplicates += 1;
    if (acceptedInTime.length !== 1 || accepted.length !== 1) {
      problems.push({
        callId: call.placed.callId,
        statuses: call.statuses,
        requests: requests.map((r) => [r.endpoint, r.status, Math.round(r.sinceNotificationMs)]),
      });
    }
  }
  const acknowledged = calls.filter((c) => c.acknowledged).length;
  return {
    placed: calls.length,
    acknowledged,
    refusedFirst: calls.filter((c) => !isAck(c.statuses[0])).length,
    decided,
    lost: acknowledged - decided,
    duplicates,
    problems,
  };
}

/**
 * Calls placed every `everyMs` (every third a policy-recording one), `fault` started after the
 * second; `beforeEach(i)` runs before the i-th call is placed (e.g. to point Graph at another
 * instance). Resolves once every call was decided or its deadline passed.
 */
export async function trafficWithFault(
  emulator: Emulator,
  calls: number,
  everyMs: number,
  fault: () => Promise<void>,
  beforeEach: (index: number) => void = () => undefined,
): Promise<DeliveredCall[]> {
  const placed: Array<Promise<DeliveredCall>> = [];
  const faulted = (async () => {
    await sleep(everyMs * 2);
    await fault();
  })();
  for (let i = 0; i < calls; i++) {
    beforeEach(i);
    placed.push(
      placeAndRedeliver(emulator, i % 3 === 2 ? 'policy-recording' : 'p2p-service-hosted'),
    );
    await sleep(everyMs);
  }
  await faulted;
  const delivered = await Promise.all(placed);
  await Promise.all(delivered.map((c) => settled(emulator, c.placed.callId)));
  return delivered;
}

/** What became of one call whose acknowledging instance was killed: for the test to judge. */
export interface AfterKill {
  readonly statuses: number[];
  readonly accepted: number;
  readonly acceptedInTime: number;
  /** From the kill to Graph accepting the decision (NaN when it never did). */
  readonly takeoverMs: number;
}

/**
 * Places `calls` policy-recording calls through `victim` with every first answer waiting out a
 * Retry-After longer than the victim will live, SIGKILLs it once Graph saw each first attempt, and
 * reports what became of each call once decided (or past its deadline).
 */
export async function killWhileWaitingOnGraph(
  emulator: Emulator,
  victim: ServiceProcess,
  calls: number,
): Promise<AfterKill[]> {
  emulator.configure({ botBaseUrl: victim.baseUrl });
  const placed = await placeWaitingOnGraph(emulator, 3, calls, 'policy-recording');
  const killedAt = Date.now();
  victim.child.kill('SIGKILL');
  await victim.exited;
  await Promise.all(placed.map((c) => settled(emulator, c.placed.callId)));
  return placed.map((call) => {
    const { accepted, acceptedInTime } = decisionsOf(emulator, call.placed.callId);
    return {
      statuses: call.statuses,
      accepted: accepted.length,
      acceptedInTime: acceptedInTime.length,
      takeoverMs: accepted.length > 0 ? Date.parse(accepted[0].at) - killedAt : NaN,
    };
  });
}
