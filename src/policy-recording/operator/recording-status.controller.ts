import { Body, ConflictException, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
} from '@nestjs/swagger';
import { CallIdPipe, OperatorApiController } from '../../calls';
import { DomainError, DomainErrorCode } from '../../common/errors/domain.error';
import { RecordingStatusService } from '../recording-status.service';
import { RecordingStatusRequestDto } from './dto/recording-status-request.dto';
import { RecordingStatusView, toRecordingStatusView } from './dto/recording-status.view';

const CONFLICTS = {
  notPolicyRecording:
    'not a policy-based recording call (Graph refuses updateRecordingStatus on it)',
  notAnswered: 'the call has not been answered',
  ended: 'the call has ended',
} as const;

/** The recording status of policy-based recording calls, for operators (docs/policy-recording.md). */
@OperatorApiController()
export class RecordingStatusController {
  constructor(private readonly recordingStatus: RecordingStatusService) {}

  @Post(':id/recording-status')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Report the recording status of a policy-based recording call.',
    description:
      'Posts `updateRecordingStatus` to Graph with a fresh `clientContext` (e.g. `failed` when the ' +
      'recorder cannot record), retried within `policyRecording.recordingStatusRetry`. Answers once ' +
      'Graph accepted it or the retries ran out; the result is also kept on the call ' +
      '(`extensions.policyRecording.recordingStatus`, `operations`).',
  })
  @ApiParam({ name: 'id', description: 'The call id (case-insensitive).' })
  @ApiOkResponse({
    type: RecordingStatusView,
    description:
      'Sent to Graph (`state: sent`), or, on failure, `state: failed` and `error` say why.',
  })
  @ApiBadRequestResponse({ description: 'Invalid body or call id.' })
  @ApiNotFoundResponse({ description: 'Unknown call.' })
  @ApiConflictResponse({
    description: 'Not a policy-based recording call, not answered, or ended.',
  })
  async set(
    @Param('id', CallIdPipe) id: string,
    @Body() body: RecordingStatusRequestDto,
  ): Promise<RecordingStatusView> {
    const result = await this.recordingStatus.setStatus(id, body.status, body.reason ?? null);
    if (result.requested) return toRecordingStatusView(result.call.id, result.record);
    if (result.reason === 'unknownCall' || !result.call) {
      throw new DomainError(DomainErrorCode.CallNotFound, `call ${id} not found`);
    }
    throw new ConflictException(
      result.reason === 'unchanged' ? 'status unchanged' : CONFLICTS[result.reason],
    );
  }
}
