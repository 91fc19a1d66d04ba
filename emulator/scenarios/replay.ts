import type { Emulator } from '../api';
import type { JsonObject } from '../core/util';

/**
 * A call's notifications as the service journalled them (`npm run journal:export`), to be
 * delivered again in the same order with the same gaps: repeats and reorderings included, so a
 * production incident becomes a regression test (docs/journal.md).
 */
export interface ReplayScenario {
  readonly type: 'replay';
  /** The call id in the journal; replays may run under another id. */
  readonly callId: string;
  /** Whether the first notification is a policy-based recording call. */
  readonly policyRecording: boolean;
  readonly notifications: readonly ReplayNotification[];
  /** What the service decided the first time, to compare a replay with. */
  readonly expected: { readonly decisions: readonly ReplayDecision[] };
}

export interface ReplayNotification {
  /** Milliseconds after the first notification. */
  readonly offsetMs: number;
  /** The journal said it was a repeat of an earlier delivery. */
  readonly duplicate: boolean;
  /** The commsNotification item. */
  readonly item: JsonObject;
}

export interface ReplayDecision {
  readonly action: unknown;
  readonly source: unknown;
  readonly rule: unknown;
  readonly outcome: unknown;
}

export interface ReplayOptions {
  /** Deliver under this call id instead of the journal's (every occurrence is rewritten). */
  readonly callId?: string;
  /** Gaps are divided by this (2 = twice as fast); default 1. */
  readonly speed?: number;
}

type JournalLine = Record<string, unknown>;

/** Turns a call's journal entries (`GET /api/calls/{id}/journal`'s `value`) into a scenario. */
export function scenarioFromJournal(
  callId: string,
  entries: readonly JournalLine[],
): ReplayScenario {
  const received = entries.filter(
    (e) => e.kind === 'notification' && typeof e.item === 'object' && e.item !== null,
  );
  if (received.length === 0) {
    throw new Error(
      `call ${callId}: no notification bodies in its journal (journal.keepNotificationBodies is off?)`,
    );
  }
  const start = Date.parse(String(received[0].at));
  const first = received[0].item as JsonObject;
  const botData = JSON.stringify(
    (first.resourceData as JsonObject | undefined)?.applicationMetadata ?? {},
  );
  return {
    type: 'replay',
    callId,
    policyRecording: /policybasedrecording|compliancerecording/i.test(botData),
    notifications: received.map((e) => ({
      offsetMs: Math.max(0, Date.parse(String(e.at)) - start),
      duplicate: e.duplicate === true,
      item: e.item as JsonObject,
    })),
    expected: {
      decisions: entries
        .filter((e) => e.kind === 'decision')
        .map(({ action, source, rule, outcome }) => ({ action, source, rule, outcome })),
    },
  };
}

function withCallId(item: JsonObject, from: string, to: string): JsonObject {
  if (from.toLowerCase() === to.toLowerCase()) return item;
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return JSON.parse(JSON.stringify(item).replace(new RegExp(escaped, 'gi'), to)) as JsonObject;
}

/**
 * Replays a scenario against the bot: the first (incoming) notification rings the call through
 * the emulator, so Graph's side knows it and judges the answer; every later item goes out as
 * recorded, at its offset, with nothing added (the emulator does not establish the call itself).
 * Resolves with the call id used once the last item was delivered.
 */
export async function replayScenario(
  emulator: Emulator,
  scenario: ReplayScenario,
  options: ReplayOptions = {},
): Promise<string> {
  const callId = options.callId ?? scenario.callId;
  const speed = options.speed ?? 1;
  const [first, ...rest] = scenario.notifications.map((n) => ({
    ...n,
    item: withCallId(n.item, scenario.callId, callId),
  }));
  const started = Date.now();
  const resource = first.item.resourceData as JsonObject;
  await emulator.placeCall(scenario.policyRecording ? 'policy-recording' : 'p2p-service-hosted', {
    callId,
    autoEstablish: false,
    mutate: (built) => {
      for (const key of Object.keys(built)) delete built[key];
      Object.assign(built, resource);
    },
  });
  for (const next of rest) {
    const wait = next.offsetMs / speed - (Date.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await emulator.notify(callId, [next.item]);
  }
  return callId;
}
