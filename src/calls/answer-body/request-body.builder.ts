import {
  ODATA_TYPES,
  type GraphAnswerBody,
  type GraphRedirectBody,
  type GraphRejectBody,
} from '../../graph';
import type {
  AnswerDecision,
  RedirectDecision,
  RedirectTarget,
  RejectDecision,
} from '../decision/call-decision';

/** Facts a request body needs beyond the decision itself. */
export interface BodyContext {
  /** `${PUBLIC_BASE_URL}/api/calling`. */
  readonly callbackUri: string;
}

/** The answer when nothing more specific is configured (docs/guarantees.md). */
export const DEFAULT_MEDIA_CONFIG = {
  '@odata.type': ODATA_TYPES.serviceHostedMediaConfig,
} as const;

/**
 * The complete answer body for a decision, before any contributor (media, policy recording) adds
 * its part: it is valid on its own, so a call is answered even when no feature module is loaded.
 * The decision's `participantCapacity` is not in it: the policy-recording contributor owns that
 * field (the decision's own value, else the policy group's, else the global one).
 */
export function answerBody(decision: AnswerDecision, ctx: BodyContext): GraphAnswerBody {
  const body: GraphAnswerBody = {
    callbackUri: ctx.callbackUri,
    acceptedModalities: [...(decision.acceptedModalities ?? ['audio'])],
    mediaConfig: { ...DEFAULT_MEDIA_CONFIG },
  };
  if (decision.callOptions) {
    body.callOptions = { '@odata.type': ODATA_TYPES.incomingCallOptions, ...decision.callOptions };
  }
  return body;
}

export function rejectBody(decision: RejectDecision, ctx: BodyContext): GraphRejectBody {
  return { reason: decision.reason ?? 'none', callbackUri: ctx.callbackUri };
}

function invitation(target: RedirectTarget): GraphRedirectBody['targets'][number] {
  const identity: Record<string, unknown> = {
    '@odata.type': '#microsoft.graph.identity',
    id: target.id,
  };
  if (target.displayName !== undefined) identity.displayName = target.displayName;
  if (target.tenantId !== undefined) identity.tenantId = target.tenantId;
  // Graph's typings leave `@odata.type` off identity sets, which Graph's own examples send.
  return {
    '@odata.type': ODATA_TYPES.invitationParticipantInfo,
    identity: { '@odata.type': '#microsoft.graph.identitySet', [target.kind]: identity },
  } as GraphRedirectBody['targets'][number];
}

export function redirectBody(decision: RedirectDecision, ctx: BodyContext): GraphRedirectBody {
  const body: GraphRedirectBody = {
    targets: decision.targets.map(invitation),
    callbackUri: ctx.callbackUri,
  };
  if (decision.timeout !== undefined) body.timeout = decision.timeout;
  return body;
}
