import type { GraphObject } from '../calls';

/** A recorder named in `botData.pairedRecorders` / `otherRecorders`. */
export interface RecorderRef {
  readonly id: string | null;
  readonly participantId: string | null;
}

/** The other party of a recorded call (`botData.otherSideUser`). */
export interface OtherSideUser {
  readonly id: string | null;
  readonly participantId: string | null;
  readonly tenantId: string | null;
  readonly participationMethod: string | null;
}

/**
 * What a policy-based recording invitation says, read once from a Graph `call` (the incoming
 * call, or the joining participant's call). `botData` is not in Graph's schema and real tenants
 * send more and differently spelled keys than the documentation, so everything is optional.
 */
export interface PolicyCallFacts {
  readonly isPolicyRecording: boolean;
  readonly inviteReasons: readonly string[];
  /** `botData.policyIdentifier` as sent: `Test Policy`, or `TeamsComplianceRecordingPolicy=Tenant:<name>`. */
  readonly policyIdentifier: string | null;
  /** The policy's own name: after `Tenant:` (or `Global:`...) in the real-tenant form, else the identifier. */
  readonly policyName: string | null;
  readonly observedParticipantId: string | null;
  readonly sourceParticipantId: string | null;
  /** The seat key (docs/policy-recording.md): the observed participant, else `source.id`. */
  readonly participantKey: string | null;
  readonly tenantId: string | null;
  readonly applicationType: string | null;
  readonly isMultiParty: boolean | null;
  readonly mediaHostedRegion: string | null;
  /** `user.policyHolderId` (`8:orgid:<guid>`) of real tenants. */
  readonly policyHolderId: string | null;
  readonly policyHolderTenantId: string | null;
  /** `user.participationMethod`, lower camel case (tenants send `Caller`, the docs `caller`). */
  readonly participationMethod: string | null;
  readonly clientLocation: string | null;
  readonly otherSideUser: OtherSideUser | null;
  readonly pairedRecorders: readonly RecorderRef[];
  readonly otherRecorders: readonly RecorderRef[];
}

const POLICY_RECORDING_REASONS = new Set(['policybasedrecording', 'compliancerecording']);

function asObject(value: unknown): GraphObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as GraphObject)
    : undefined;
}

function asString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function lowerCamel(value: string | null): string | null {
  return value && value.charAt(0).toLowerCase() + value.slice(1);
}

function recorders(value: unknown): RecorderRef[] {
  if (!Array.isArray(value)) return [];
  return value
    .map(asObject)
    .filter((entry): entry is GraphObject => entry !== undefined)
    .map((entry) => ({ id: asString(entry.id), participantId: asString(entry.participantId) }));
}

/**
 * `TeamsComplianceRecordingPolicy=Tenant:Sales` → `Sales`; anything without `=` is its own name.
 * Exported for the capacity resolver, which matches configured groups against both forms.
 */
export function policyNameOf(identifier: string | null): string | null {
  if (!identifier) return null;
  const match = /^[^=]+=(?:[A-Za-z]+:)?(.+)$/.exec(identifier);
  return match ? match[1].trim() || identifier : identifier;
}

export function readPolicyCallFacts(call: GraphObject | undefined): PolicyCallFacts {
  const botData = asObject(asObject(call?.applicationMetadata)?.botData);
  const context = asObject(call?.incomingContext);
  const user = asObject(botData?.user);
  const other = asObject(botData?.otherSideUser);
  const reasons = Array.isArray(botData?.inviteReasons)
    ? botData.inviteReasons.filter((r): r is string => typeof r === 'string')
    : [];
  const observedParticipantId = asString(context?.observedParticipantId);
  const policyIdentifier = asString(botData?.policyIdentifier);
  return {
    isPolicyRecording: reasons.some((r) => POLICY_RECORDING_REASONS.has(r.toLowerCase())),
    inviteReasons: reasons,
    policyIdentifier,
    policyName: policyNameOf(policyIdentifier),
    observedParticipantId,
    sourceParticipantId: asString(context?.sourceParticipantId),
    participantKey: observedParticipantId ?? asString(asObject(call?.source)?.id),
    tenantId: asString(call?.tenantId),
    applicationType: asString(botData?.applicationType),
    isMultiParty: typeof botData?.isMultiParty === 'boolean' ? botData.isMultiParty : null,
    mediaHostedRegion: asString(botData?.mediaHostedRegion),
    policyHolderId: asString(user?.policyHolderId),
    policyHolderTenantId: asString(user?.policyHolderTenantId),
    participationMethod: lowerCamel(asString(user?.participationMethod)),
    clientLocation: asString(user?.clientLocation),
    otherSideUser: other
      ? {
          id: asString(other.id),
          participantId: asString(other.participantId),
          tenantId: asString(other.tenantId),
          participationMethod: lowerCamel(asString(other.participationMethod)),
        }
      : null,
    pairedRecorders: recorders(botData?.pairedRecorders),
    otherRecorders: recorders(botData?.otherRecorders),
  };
}

/**
 * Where this service remembers which call handles a policy group: per tenant, since two tenants
 * may both name a policy `Test Policy`.
 */
export function policyGroupKey(
  tenantId: string | null,
  policyIdentifier: string | null,
): string | null {
  if (!policyIdentifier) return null;
  return `policyRecording:${(tenantId ?? '-').toLowerCase()}:${policyIdentifier.toLowerCase()}`;
}
