import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CALL_STATES,
  DECISION_SOURCES,
  type CallError,
  type CallerInfo,
  type CallOperation,
  type CallRecord,
  type CallState,
  type DecisionAction,
  type DecisionOutcome,
  type DecisionSource,
} from '../../../store';
import type { GraphErrorExplanation } from '../../../graph';
import { decisionDetailsOf } from '../../decision/decision-details';

const STATES: readonly CallState[] = [...CALL_STATES, 'unknown'];

export class GraphErrorExplanationView implements GraphErrorExplanation {
  @ApiProperty({ description: 'The likely cause.' })
  summary!: string;

  @ApiProperty({ description: 'What to check first.' })
  check!: string;

  @ApiProperty({
    description: 'Where the meaning comes from: a Microsoft Learn page or public issue.',
  })
  source!: string;
}

export class CallErrorView implements CallError {
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'HTTP status from Graph; null when none came.',
  })
  status!: number | null;

  @ApiProperty({
    description: "Graph's error code, or a local one (deadlineExceeded, connectionError...).",
  })
  code!: string;

  @ApiProperty()
  message!: string;

  @ApiPropertyOptional({
    type: GraphErrorExplanationView,
    description: "Likely cause of Graph's error and what to check (docs/graph-errors.md).",
  })
  explanation?: GraphErrorExplanationView;
}

export class CallerView implements CallerInfo {
  @ApiProperty({ enum: ['user', 'application', 'phone', 'guest', 'anonymous'] })
  kind!: CallerInfo['kind'];

  @ApiProperty({ type: String, nullable: true })
  id!: string | null;

  @ApiProperty({ type: String, nullable: true })
  displayName!: string | null;
}

export class CallOperationView implements CallOperation {
  @ApiProperty()
  id!: string;

  @ApiProperty({ example: 'updateRecordingStatus' })
  kind!: string;

  @ApiProperty({ type: String, nullable: true })
  clientContext!: string | null;

  @ApiProperty({ example: 'completed' })
  status!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

/** A call as the operator API shows it (docs/operations.md): enums in lower camel case. */
export class CallView {
  @ApiProperty({ description: 'The call id as Graph gave it.' })
  id!: string;

  @ApiProperty({ enum: STATES })
  state!: CallState;

  @ApiProperty({ enum: ['incoming', 'outgoing'], nullable: true })
  direction!: 'incoming' | 'outgoing' | null;

  @ApiProperty({ type: String, nullable: true })
  tenantId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Sent as Scenario-Id to Graph.' })
  scenarioId!: string | null;

  @ApiProperty({ type: CallerView, nullable: true })
  caller!: CallerView | null;

  @ApiProperty()
  isPolicyRecording!: boolean;

  @ApiProperty({ type: String, nullable: true })
  policyIdentifier!: string | null;

  @ApiProperty({ format: 'date-time' })
  receivedAt!: string;

  @ApiProperty({ format: 'date-time' })
  deadlineAt!: string;

  @ApiProperty({ enum: ['answer', 'reject', 'redirect', 'defer'], nullable: true })
  decision!: DecisionAction | null;

  @ApiProperty({ enum: DECISION_SOURCES, nullable: true })
  decisionSource!: DecisionSource | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The rule that decided (its name, else rules[<index>]), when a rule did.',
  })
  decisionRule!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The media profile the answer named; null: media.defaultProfile, or no answer.',
  })
  mediaProfile!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why the fallback action was sent.' })
  fallbackReason!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt!: string | null;

  @ApiProperty({ enum: ['pending', 'sent', 'failed', 'deadlineMissed'] })
  outcome!: DecisionOutcome;

  @ApiProperty({ type: CallErrorView, nullable: true })
  error!: CallErrorView | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Policy-based recording calls only.' })
  participantCapacity!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Policy-based recording calls only.' })
  participantsHandled!: number | null;

  @ApiProperty({ type: [String], description: 'Ids of the active content-sharing sessions.' })
  contentSharingSessions!: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description:
      'Milliseconds per answering stage: authentication, decision, token, graphRequest, total.',
  })
  timings!: Record<string, number>;

  @ApiProperty({ type: [CallOperationView] })
  operations!: CallOperationView[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastKeepAliveAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  nextKeepAliveAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "Feature modules' facts.",
  })
  extensions!: Record<string, unknown>;
}

export class CallListView {
  @ApiProperty({ type: [CallView] })
  value!: CallView[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page.' })
  nextCursor!: string | null;
}

/** The record without what only the service needs (the deferred notification copy, the etag). */
export function toCallView(call: CallRecord): CallView {
  const view: Partial<CallRecord> = { ...call };
  delete view.incoming;
  delete view.etag;
  const details = decisionDetailsOf(call);
  return {
    ...(view as CallRecord),
    decisionRule: details.rule,
    mediaProfile: details.mediaProfile,
    fallbackReason: details.fallbackReason,
  };
}
