import type { Emulator, PlacedCall, PlaceCallOptions, ScenarioName } from '../../emulator';

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
export async function decisionAttempts(
  emulator: Emulator,
  callId: string,
  count: number,
): Promise<void> {
  const until = Date.now() + 10_000;
  while (decisionsOf(emulator, callId).requests.length < count && Date.now() < until) {
    await sleep(20);
  }
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
