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
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import {
  ACCEPTED_MODALITIES,
  ACTION_TYPES,
  CALLER_KINDS,
  E164_GLOB_PATTERN,
  E164_MESSAGE,
  isE164,
  FALLBACK_ACTION_TYPES,
  REDIRECT_TARGET_KINDS,
  REJECT_REASONS,
  REQUESTED_MODALITIES,
  ROUTING_TYPES,
  type AcceptedModality,
  type CallerKind,
  type RedirectTargetKind,
  type RejectReason,
  type RoutingType,
} from '../../calls/decision/decision.vocabulary';

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

const PHONE_GLOB_MESSAGE =
  '$property must be globs over E.164 numbers: +, then digits, * and ? (e.g. +1425*)';

/**
 * One entry of `callRoutes` (how a forwarded, transferred or looked-up call reached the bot):
 * every key given must hold for the same entry.
 */
export class CallRouteMatchConfig {
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(ROUTING_TYPES, { each: true })
  routingTypes?: RoutingType[];

  /** Ids of the identity first dialled (`original`). */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  originalIds?: string[];

  /** Globs over the E.164 number first dialled (`original.phone`). */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @Matches(E164_GLOB_PATTERN, { each: true, message: PHONE_GLOB_MESSAGE })
  originalPhoneNumbers?: string[];

  /** Ids of the identity the call finally rang (`final`). */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  finalIds?: string[];
}

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

  /** Globs (`*`, `?`) over the caller's E.164 phone number, e.g. `+1425*`. */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @Matches(E164_GLOB_PATTERN, { each: true, message: PHONE_GLOB_MESSAGE })
  phoneNumbers?: string[];

  /**
   * The user (or bot) the caller dialled: a target of the call, or the `original` of one of its
   * `callRoutes` when it was forwarded or transferred to this bot. Ids or E.164 numbers.
   */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  calledIds?: string[];

  /** Some entry of the call's `callRoutes` matches all of these. */
  @IsOptional()
  @ValidateNested()
  @Type(() => CallRouteMatchConfig)
  callRoute?: CallRouteMatchConfig;

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
  @IsE164WhenPhone()
  id!: string;

  @IsOptional()
  @IsString()
  displayName?: string;

  @IsOptional()
  @IsString()
  tenantId?: string;
}

/** The id of a `phone` target is a number Graph can dial: E.164, checked at start-up. */
function IsE164WhenPhone(): PropertyDecorator {
  return ValidateBy({
    name: 'isE164WhenPhone',
    validator: {
      validate: (value, args) =>
        (args?.object as Partial<RedirectTargetConfig>).kind !== 'phone' || isE164(value),
      defaultMessage: () => `$property of a phone target must be ${E164_MESSAGE}`,
    },
  });
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
