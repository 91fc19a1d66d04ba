import { ApiProperty } from '@nestjs/swagger';
import { CallErrorView } from '../../../calls';
import { RECORDING_STATUSES, type GraphRecordingStatus } from '../../../graph';
import type {
  RecordingStatusRecord,
  RecordingStatusSource,
} from '../../policy-recording.extension';

/**
 * The last recording status reported for a call; also shown on the call as
 * `extensions.policyRecording.recordingStatus`.
 */
export class RecordingStatusView implements RecordingStatusRecord {
  @ApiProperty({ description: 'The call id.' })
  callId!: string;

  @ApiProperty({ enum: RECORDING_STATUSES })
  status!: GraphRecordingStatus;

  @ApiProperty({ enum: ['established', 'recorder', 'operator'] })
  source!: RecordingStatusSource;

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;

  @ApiProperty({ description: 'The UUID sent as clientContext.' })
  clientContext!: string;

  @ApiProperty({
    enum: ['sending', 'sent', 'failed'],
    description:
      'sent: Graph accepted it; failed: Graph refused it or the retries ran out (see error).',
  })
  state!: 'sending' | 'sent' | 'failed';

  @ApiProperty({
    description: 'Requests made (the Graph client’s own 429/503 retries not counted).',
  })
  attempts!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The updateRecordingStatusOperation id.',
  })
  operationId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'completed' })
  operationStatus!: string | null;

  @ApiProperty({ type: CallErrorView, nullable: true })
  error!: CallErrorView | null;

  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export function toRecordingStatusView(
  callId: string,
  record: RecordingStatusRecord,
): RecordingStatusView {
  return { callId, ...record };
}
