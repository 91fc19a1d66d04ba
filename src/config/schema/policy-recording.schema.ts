import { IsInt, IsOptional, Min } from 'class-validator';

export class PolicyRecordingConfig {
  /** `participantCapacity` sent when answering a policy-based recording call; unset: not sent. */
  @IsOptional()
  @IsInt()
  @Min(0)
  participantCapacity?: number | null;
}
