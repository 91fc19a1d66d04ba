import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  Equals,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class DeadlinesConfig {
  @IsInt()
  @Min(1000)
  @Max(60000)
  regularMs!: number;

  @IsInt()
  @Min(1000)
  @Max(60000)
  policyRecordingMs!: number;
}

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

/**
 * Glob over an E.164 number: `*` any digits, `?` one. Globs rather than regular expressions because
 * a pattern that is only digits, `+`, `*` and `?` cannot be a catastrophic regex.
 */
export const PHONE_PATTERN = /^[+\d*?]{1,32}$/;

/**
 * When a rule applies. Every key given must hold (AND); a list matches when any of its values does
 * (OR). A rule without `match` applies to every call. Ids compare case-insensitively.
 */
export class RuleMatchConfig {
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(CALLER_KINDS, { each: true })
  callerKinds?: CallerKind[];

  /** The caller's id (AAD object id, application id or phone number). */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  callerIds?: string[];

  /** Globs (`*`, `?`) over the caller's phone number, e.g. `+1425*`. */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @Matches(PHONE_PATTERN, {
    each: true,
    message: '$property must be globs of digits, +, * and ? (e.g. +1425*)',
  })
  phoneNumbers?: string[];

  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  tenantIds?: string[];

  /** Ids of the call's targets (the bot's application or application instance). */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  targetIds?: string[];

  /** The call requests every one of these. */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(REQUESTED_MODALITIES, { each: true })
  requestedModalities?: string[];

  /** true: a meeting or group call (`meetingInfo` or `chatInfo`); false: peer-to-peer. */
  @IsOptional()
  @IsBoolean()
  meeting?: boolean;

  /** true: a phone caller, or a call routed through a phone number (`callRoutes`). */
  @IsOptional()
  @IsBoolean()
  pstn?: boolean;

  /** true: a policy-based (compliance) recording invitation. */
  @IsOptional()
  @IsBoolean()
  policyRecording?: boolean;

  /** `botData.policyIdentifier` of policy-based recording calls. */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  policyIdentifiers?: string[];
}

/** `#microsoft.graph.incomingCallOptions`, without its `@odata.type` (added when sent). */
export class CallOptionsConfig {
  @IsOptional()
  @IsBoolean()
  hideBotAfterEscalation?: boolean;

  @IsOptional()
  @IsBoolean()
  isContentSharingNotificationEnabled?: boolean;

  @IsOptional()
  @IsBoolean()
  isDeltaRosterEnabled?: boolean;

  @IsOptional()
  @IsBoolean()
  isInteractiveRosterEnabled?: boolean;
}

/** Who a redirected call rings; becomes an `invitationParticipantInfo`. */
export class RedirectTargetConfig {
  @IsIn(REDIRECT_TARGET_KINDS)
  kind!: RedirectTargetKind;

  /** AAD object id, application id, or an E.164 number for `phone`. */
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  id!: string;

  @IsOptional()
  @IsString()
  displayName?: string;

  @IsOptional()
  @IsString()
  tenantId?: string;
}

/** What an action is when its `type` names none we know: only the type is checked, by name. */
export class UnknownActionConfig {
  @IsIn(ACTION_TYPES)
  type!: string;
}

export class UnknownFallbackActionConfig {
  @IsIn(FALLBACK_ACTION_TYPES)
  type!: string;
}

export class AnswerActionConfig {
  @Equals('answer')
  type!: 'answer';

  /** Defaults to `[audio]`. */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(ACCEPTED_MODALITIES, { each: true })
  acceptedModalities?: AcceptedModality[];

  /** A media profile (`media.profiles`); defaults to `media.defaultProfile`. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  mediaProfile?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => CallOptionsConfig)
  callOptions?: CallOptionsConfig;

  /** Sent on policy-based recording calls only (overrides `policyRecording.participantCapacity`). */
  @IsOptional()
  @IsInt()
  @Min(0)
  participantCapacity?: number;
}

export class RejectActionConfig {
  @Equals('reject')
  type!: 'reject';

  /** Defaults to `none`. */
  @IsOptional()
  @IsIn(REJECT_REASONS)
  reason?: RejectReason;
}

export class RedirectActionConfig {
  @Equals('redirect')
  type!: 'redirect';

  /** Several targets ring at once (at most 25). */
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(25)
  @ValidateNested({ each: true })
  @Type(() => RedirectTargetConfig)
  targets!: RedirectTargetConfig[];

  /** Seconds, 15 to 90; Graph's default when absent. */
  @IsOptional()
  @IsInt()
  @Min(15)
  @Max(90)
  timeout?: number;
}

export class DeferActionConfig {
  @Equals('defer')
  type!: 'defer';
}

export type RuleActionConfig =
  AnswerActionConfig | RejectActionConfig | RedirectActionConfig | DeferActionConfig;
export type FallbackActionConfig = AnswerActionConfig | RejectActionConfig | RedirectActionConfig;

const ACTION_SUBTYPES = [
  { value: AnswerActionConfig, name: 'answer' },
  { value: RejectActionConfig, name: 'reject' },
  { value: RedirectActionConfig, name: 'redirect' },
];

/**
 * Discriminated on `type`, which is kept; an unknown type falls back to a class that refuses it by
 * name (class-transformer would otherwise silently build the first class). Each subclass holds only
 * its own keys, so `reason` on an answer is reported as an unknown key.
 */
export const RULE_ACTION_TYPE = {
  discriminator: {
    property: 'type',
    subTypes: [...ACTION_SUBTYPES, { value: DeferActionConfig, name: 'defer' }],
  },
  keepDiscriminatorProperty: true,
};
export const FALLBACK_ACTION_TYPE = {
  discriminator: { property: 'type', subTypes: ACTION_SUBTYPES },
  keepDiscriminatorProperty: true,
};

export class RuleConfig {
  /** Shown in logs and on the call (`decisionRule`); defaults to `rules[<index>]`. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  name?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => RuleMatchConfig)
  match?: RuleMatchConfig;

  @IsDefined()
  @ValidateNested()
  @Type(() => UnknownActionConfig, RULE_ACTION_TYPE)
  action!: RuleActionConfig;
}

/**
 * How calls are answered: deadlines, the decision rules and what happens when none applies or the
 * decision is late. The Calls module turns every action into its Graph request body at start-up.
 */
export class AnswerConfig {
  @ValidateNested()
  @Type(() => DeadlinesConfig)
  deadlines!: DeadlinesConfig;

  /** A decision must be made this long before the deadline, or the fallback goes out. */
  @IsInt()
  @Min(0)
  safetyMarginMs!: number;

  /** `keepAlive` period for established calls (Graph ends a call after 45 minutes without one). */
  @IsInt()
  @Min(100)
  @Max(2_400_000)
  keepAliveIntervalMs!: number;

  /** Ordered; the first rule whose `match` holds decides. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RuleConfig)
  rules!: RuleConfig[];

  /**
   * Evaluated beside `rules` on every call (falling through to `defaultAction` the same way):
   * their would-be decision is journalled and counted, never sent.
   */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RuleConfig)
  shadowRules: RuleConfig[] = [];

  /** The decision when no rule matches (and no custom handler decided). */
  @IsDefined()
  @ValidateNested()
  @Type(() => UnknownActionConfig, RULE_ACTION_TYPE)
  defaultAction!: RuleActionConfig;

  /** Sent when the decision misses its budget (deadline − safetyMarginMs). */
  @IsDefined()
  @ValidateNested()
  @Type(() => UnknownFallbackActionConfig, FALLBACK_ACTION_TYPE)
  fallback!: FallbackActionConfig;
}
