import { IsIn, IsOptional } from 'class-validator';
import { GraphRejectBody, GraphRejectReason, GraphShape, REJECT_REASONS } from './graph-bodies';
import { IsHttpsUrl } from './graph-validators';

/** Body of `POST /communications/calls/{id}/reject`. */
export class RejectRequestDto implements GraphShape<RejectRequestDto, GraphRejectBody> {
  /** Lower case on the wire, as Graph's examples and SDK enum send it. */
  @IsIn(REJECT_REASONS)
  reason!: GraphRejectReason;

  @IsOptional()
  @IsHttpsUrl()
  callbackUri?: string;
}
