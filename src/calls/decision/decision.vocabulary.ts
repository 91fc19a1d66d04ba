/**
 * The words decisions are made of, owned here and imported by the configuration schema, the
 * operator API and the media module, so that a rule, a handler's decision and an operator's
 * request can never disagree on them.
 */
/** How a caller is identified in `source.identity` (anonymous: nobody named, or encrypted). */
export const CALLER_KINDS = ['user', 'application', 'phone', 'guest', 'anonymous'] as const;
export type CallerKind = (typeof CALLER_KINDS)[number];

/** Modalities a call may request (Graph's docs and SDKs disagree; all are accepted here). */
export const REQUESTED_MODALITIES = [
  'audio',
  'video',
  'videoBasedScreenSharing',
  'screenSharing',
  'data',
] as const;

/** Modalities an answer may accept (v1.0). */
export const ACCEPTED_MODALITIES = ['audio', 'video', 'videoBasedScreenSharing'] as const;
export type AcceptedModality = (typeof ACCEPTED_MODALITIES)[number];

export const REJECT_REASONS = ['none', 'busy', 'forbidden'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** The identity a redirect target is invited as (a key of Graph's `identitySet`). */
export const REDIRECT_TARGET_KINDS = [
  'user',
  'application',
  'applicationInstance',
  'phone',
  'guest',
] as const;
export type RedirectTargetKind = (typeof REDIRECT_TARGET_KINDS)[number];

export const ACTION_TYPES = ['answer', 'reject', 'redirect', 'defer'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
/** A fallback must go out on its own: waiting for an operator is not one. */
export const FALLBACK_ACTION_TYPES = ['answer', 'reject', 'redirect'] as const;

/** `callRoutes[].routingType` a rule can name (Graph's, less its `unknownFutureValue`). */
export const ROUTING_TYPES = ['forwarded', 'lookup', 'selfFork'] as const;
export type RoutingType = (typeof ROUTING_TYPES)[number];

/** Graph's rule for phone numbers, restated for the configuration and the operator API. */
export { E164_MESSAGE, E164_PATTERN, isE164 } from '../../graph/dto/graph-validators';

/**
 * A glob over E.164 numbers: `+`, then digits where `*` stands for any digits and `?` for one.
 * Globs rather than regular expressions because such a pattern cannot be a catastrophic regex.
 */
export const E164_GLOB_PATTERN = /^\+[1-9*?][\d*?]{0,31}$/;
