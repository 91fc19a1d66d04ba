import { performance } from 'node:perf_hooks';
import {
  readCallFacts,
  type CallDecision,
  type CallRecord,
  type DecisionService,
  type GraphObject,
} from '../calls';

/** What the service would do with one incoming call, without sending anything. */
export interface DryRunResult {
  readonly callId: string;
  readonly policyRecording: boolean;
  readonly decision: CallDecision;
  readonly source: string;
  readonly rule: string | null;
  readonly fallbackReason: string | null;
  /** The Graph request that would be sent; null for `defer` (the operator API decides). */
  readonly request: {
    readonly method: 'POST';
    readonly path: string;
    readonly body: unknown;
  } | null;
}

function asObject(value: unknown): GraphObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as GraphObject)
    : undefined;
}

const CALL_PATH = /\/(?:communications|app)\/calls\/([A-Za-z0-9_-]+)/i;

/** The incoming-call items of a `commsNotifications` body (other items are not decisions). */
export function incomingCalls(body: unknown): { callId: string; resource: GraphObject }[] {
  const items = asObject(body)?.value;
  if (!Array.isArray(items)) throw new Error('not a commsNotifications body ({"value": [...]})');
  return items.flatMap((raw) => {
    const item = asObject(raw);
    const resource = asObject(item?.resourceData);
    const state = typeof resource?.state === 'string' ? resource.state.toLowerCase() : '';
    if (item?.changeType !== 'created' || state !== 'incoming' || !resource) return [];
    const location = item.resourceUrl ?? item.resource;
    const url = typeof location === 'string' ? location : '';
    const callId = CALL_PATH.exec(url)?.[1] ?? (typeof resource.id === 'string' ? resource.id : '');
    return callId ? [{ callId, resource }] : [];
  });
}

/**
 * Decides one incoming call as the running service would (handler, rules, default, every answer
 * contributor), on a call record made from the notification alone. Nothing is sent or stored.
 */
export async function dryRunDecision(
  decisions: DecisionService,
  callId: string,
  resource: GraphObject,
  deadlines: { readonly regularMs: number; readonly policyRecordingMs: number },
): Promise<DryRunResult> {
  const facts = readCallFacts(resource, undefined);
  const deadlineMs = facts.isPolicyRecording ? deadlines.policyRecordingMs : deadlines.regularMs;
  const now = new Date();
  const call = {
    id: callId,
    state: 'incoming',
    direction: facts.direction ?? 'incoming',
    tenantId: facts.tenantId,
    scenarioId: facts.callChainId,
    caller: facts.caller,
    isPolicyRecording: facts.isPolicyRecording,
    policyIdentifier: facts.policyIdentifier,
    receivedAt: now.toISOString(),
    deadlineAt: new Date(now.getTime() + deadlineMs).toISOString(),
    participantsHandled: facts.isPolicyRecording ? 0 : null,
    extensions: {},
  } as unknown as CallRecord;
  const budget = {
    signal: AbortSignal.timeout(deadlineMs),
    budgetAt: performance.now() + deadlineMs,
  };
  const prepared = await decisions.prepare({ call, incoming: { resource, facts } }, budget);
  const request = prepared.request;
  return {
    callId,
    policyRecording: facts.isPolicyRecording,
    decision: prepared.decision,
    source: prepared.source,
    rule: prepared.rule,
    fallbackReason: prepared.fallbackReason ?? null,
    request: request && {
      method: 'POST',
      path: `/communications/calls/${callId}/${request.action}`,
      body: JSON.parse(JSON.stringify(request.body)) as unknown,
    },
  };
}
