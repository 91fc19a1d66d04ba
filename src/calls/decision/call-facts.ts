import type { CallerKind, RoutingType } from './decision.vocabulary';
import { ROUTING_TYPES } from './decision.vocabulary';
import type { CallerInfo } from '../../store';

/**
 * A Graph object as it arrives: Microsoft's typings (`@microsoft/microsoft-graph-types`), plus the
 * OData annotations they leave out. Read defensively all the same: Graph adds and omits properties.
 */
export type GraphPayload<T> = Readonly<T> & {
  readonly '@odata.type'?: string;
  readonly '@odata.etag'?: string;
};

/** A JSON object from Graph, read defensively: Graph adds and omits properties over time. */
export type GraphObject = Readonly<Record<string, unknown>>;

/** One entry of `callRoutes`: how a forwarded, transferred or looked-up call reached the bot. */
export interface CallRouteFacts {
  /** Null when Graph sent a value we do not know. */
  readonly routingType: RoutingType | null;
  /** Every id (user, application, phone number...) of the identity first dialled. */
  readonly originalIds: readonly string[];
  /** The E.164 number first dialled, when it was a phone number. */
  readonly originalPhone: string | null;
  /** Every id of the identity the call finally rang. */
  readonly finalIds: readonly string[];
}

/** What the decision rules look at, read once from the incoming call's `resourceData`. */
export interface CallFacts {
  readonly caller: CallerInfo;
  /**
   * The notification token's verified `tid`; the call's own `tenantId` only when there is no token
   * (a body can claim any tenant, a signed token cannot).
   */
  readonly tenantId: string | null;
  readonly targetIds: readonly string[];
  /**
   * Who the caller dialled: the ids of the call's targets, and the `original` of each of its
   * `callRoutes` (the user whose call was forwarded or transferred to the bot).
   */
  readonly calledIds: readonly string[];
  readonly callRoutes: readonly CallRouteFacts[];
  /** Lower case. */
  readonly requestedModalities: readonly string[];
  readonly meeting: boolean;
  readonly pstn: boolean;
  readonly isPolicyRecording: boolean;
  readonly policyIdentifier: string | null;
  readonly callChainId: string | null;
  readonly direction: 'incoming' | 'outgoing' | null;
}

const POLICY_RECORDING_REASONS = new Set(['policybasedrecording', 'compliancerecording']);

export function asObject(value: unknown): GraphObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as GraphObject)
    : undefined;
}

function asString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function identityIds(identitySet: GraphObject | undefined): string[] {
  if (!identitySet) return [];
  const ids: string[] = [];
  for (const value of Object.values(identitySet)) {
    const id = asString(asObject(value)?.id);
    if (id) ids.push(id);
  }
  return ids;
}

/**
 * The caller's kind from `source.identity`. A phone, then a guest, then an application wins over a
 * user because those are the more specific facts; an encrypted identity (the app lacks the
 * permission to see the caller) or one naming nobody is anonymous.
 */
export function readCaller(source: unknown): CallerInfo {
  const identity = asObject(asObject(source)?.identity);
  const pick = (kind: CallerKind, key: string): CallerInfo | undefined => {
    const entry = asObject(identity?.[key]);
    if (!entry) return undefined;
    const id = asString(entry.id);
    const displayName = asString(entry.displayName);
    if (!id && !displayName) return undefined;
    return { kind, id, displayName };
  };
  return (
    pick('phone', 'phone') ??
    pick('guest', 'guest') ??
    pick('application', 'application') ??
    pick('application', 'applicationInstance') ??
    (asString(asObject(identity?.user)?.id) ? pick('user', 'user') : undefined) ?? {
      kind: 'anonymous',
      id: null,
      displayName: asString(asObject(identity?.user)?.displayName),
    }
  );
}

function botData(call: GraphObject): GraphObject | undefined {
  return asObject(asObject(call.applicationMetadata)?.botData);
}

/** `inviteReasons` contains PolicyBasedRecording or ComplianceRecording, any case (docs/policy-recording.md). */
export function isPolicyRecordingCall(call: GraphObject): boolean {
  const reasons = botData(call)?.inviteReasons;
  return (
    Array.isArray(reasons) &&
    reasons.some((r) => typeof r === 'string' && POLICY_RECORDING_REASONS.has(r.toLowerCase()))
  );
}

function routedThroughPhone(call: GraphObject): boolean {
  const routes = call.callRoutes;
  if (!Array.isArray(routes)) return false;
  return routes.some((route) => {
    const r = asObject(route);
    return !!(asObject(asObject(r?.original)?.phone) ?? asObject(asObject(r?.final)?.phone));
  });
}

function readRoutingType(value: unknown): RoutingType | null {
  const lower = asString(value)?.toLowerCase();
  return ROUTING_TYPES.find((type) => type.toLowerCase() === lower) ?? null;
}

function readCallRoutes(call: GraphObject): CallRouteFacts[] {
  const routes = Array.isArray(call.callRoutes) ? call.callRoutes : [];
  return routes.flatMap((route) => {
    const r = asObject(route);
    if (!r) return [];
    const original = asObject(r.original);
    return [
      {
        routingType: readRoutingType(r.routingType),
        originalIds: identityIds(original),
        originalPhone: asString(asObject(original?.phone)?.id),
        finalIds: identityIds(asObject(r.final)),
      },
    ];
  });
}

export function readCallFacts(call: GraphObject, tokenTenantId: string | undefined): CallFacts {
  const caller = readCaller(call.source);
  const targets = Array.isArray(call.targets) ? call.targets : [];
  const modalities = Array.isArray(call.requestedModalities) ? call.requestedModalities : [];
  const direction = asString(call.direction)?.toLowerCase();
  const isPolicyRecording = isPolicyRecordingCall(call);
  const targetIds = targets.flatMap((t) => identityIds(asObject(asObject(t)?.identity)));
  const callRoutes = readCallRoutes(call);
  return {
    caller,
    tenantId: tokenTenantId ?? asString(call.tenantId) ?? null,
    targetIds,
    calledIds: [...targetIds, ...callRoutes.flatMap((route) => route.originalIds)],
    callRoutes,
    requestedModalities: modalities
      .filter((m): m is string => typeof m === 'string')
      .map((m) => m.toLowerCase()),
    meeting: !!(asObject(call.meetingInfo) ?? asObject(call.chatInfo)),
    pstn: caller.kind === 'phone' || routedThroughPhone(call),
    isPolicyRecording,
    policyIdentifier: asString(botData(call)?.policyIdentifier),
    callChainId: asString(call.callChainId),
    direction: direction === 'incoming' || direction === 'outgoing' ? direction : null,
  };
}
