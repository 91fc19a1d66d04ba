import { Type } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsHttpsUrl } from '../../common/validation/https-url.validator';

/** What a full (or draining) call answers to a participantJoiningNotification. */
export const WHEN_FULL_RESPONSES = ['inviteNewBot', 'reject'] as const;
export type WhenFullResponse = (typeof WHEN_FULL_RESPONSES)[number];

/** `rejectJoinResponse.reason` values (Graph's `rejectReason`). */
export const JOIN_REJECT_REASONS = ['none', 'busy', 'forbidden'] as const;
export type JoinRejectReason = (typeof JOIN_REJECT_REASONS)[number];

/**
 * Statuses the service reports by itself once a call is established; `failed` is only ever
 * reported by the recorder (RecordingStatusService.reportFailure) or an operator.
 */
export const ESTABLISHED_RECORDING_STATUSES = ['recording', 'notRecording'] as const;
export type EstablishedRecordingStatus = (typeof ESTABLISHED_RECORDING_STATUSES)[number];

/** `participantCapacity` for one policy group (`botData.policyIdentifier`). */
export class PolicyGroupConfig {
  /**
   * Matched case-insensitively against the whole identifier or, for the real-tenant form
   * `TeamsComplianceRecordingPolicy=Tenant:<name>`, against `<name>` alone.
   */
  @IsString()
  @MinLength(1)
  policyIdentifier!: string;

  @IsInt()
  @Min(0)
  participantCapacity!: number;
}

/** Bounds on reporting the recording status to Graph. */
export class RecordingStatusRetryConfig {
  /** Requests in all for one status, first included (the Graph client's own 429/503 retries are inside each). */
  @IsInt()
  @Min(1)
  @Max(10)
  attempts!: number;

  /** Wait before the second request; it grows linearly with each further one. */
  @IsInt()
  @Min(0)
  @Max(60_000)
  delayMs!: number;

  /** Deadline of one request, Graph client retries (Retry-After included) inside it. */
  @IsInt()
  @Min(100)
  @Max(120_000)
  timeoutMs!: number;
}

export class PolicyRecordingConfig {
  /** `participantCapacity` sent when answering a policy-based recording call; unset: not sent. */
  @IsOptional()
  @IsInt()
  @Min(0)
  participantCapacity?: number | null;

  /** Per policy group; a rule's own `participantCapacity` wins over these, these over the global one. */
  @IsArray()
  @ArrayUnique((group: PolicyGroupConfig) => String(group?.policyIdentifier).toLowerCase(), {
    message: 'policyIdentifier must be unique (case-insensitively)',
  })
  @ValidateNested({ each: true })
  @Type(() => PolicyGroupConfig)
  groups!: PolicyGroupConfig[];

  @IsIn(WHEN_FULL_RESPONSES)
  whenFull!: WhenFullResponse;

  /** `inviteNewBotResponse.inviteUri` when full; null: this service's callback URI. */
  @IsOptional()
  @IsHttpsUrl()
  inviteUri?: string | null;

  @IsIn(JOIN_REJECT_REASONS)
  rejectReason!: JoinRejectReason;

  /**
   * Time a joining notification may take, from its arrival, before it is answered with an
   * invitation to our own callback; well inside Graph's 5 s.
   */
  @IsInt()
  @Min(50)
  @Max(4_500)
  joinBudgetMs!: number;

  /** How long the policy group → call mapping is kept (joins whose path names no call). */
  @IsInt()
  @Min(1_000)
  groupCallTtlMs!: number;

  @IsIn(ESTABLISHED_RECORDING_STATUSES)
  recordingStatus!: EstablishedRecordingStatus;

  @ValidateNested()
  @Type(() => RecordingStatusRetryConfig)
  recordingStatusRetry!: RecordingStatusRetryConfig;
}
