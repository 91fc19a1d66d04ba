import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import {
  GraphRecordingStatus,
  GraphShape,
  GraphUpdateRecordingStatusBody,
  RECORDING_STATUSES,
} from './graph-bodies';

/** Body of `POST /communications/calls/{id}/updateRecordingStatus` (policy-based recording only). */
export class UpdateRecordingStatusRequestDto implements GraphShape<
  UpdateRecordingStatusRequestDto,
  GraphUpdateRecordingStatusBody
> {
  /** Echoed in the operation's notifications (we send a UUID). */
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  clientContext!: string;

  @IsIn(RECORDING_STATUSES)
  status!: GraphRecordingStatus;
}
