import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  Min,
  ValidateNested,
} from 'class-validator';
import { ANSWER_MODALITIES, AnswerModality, GraphAnswerBody, GraphShape } from './graph-bodies';
import { IsHttpsUrl } from './graph-validators';
import { IncomingCallOptionsDto } from './incoming-call-options.dto';
import { MEDIA_CONFIG_TYPE, MediaConfigDto, UnknownMediaConfigDto } from './media-config.dto';

/** Body of `POST /communications/calls/{id}/answer`. */
export class AnswerRequestDto implements GraphShape<AnswerRequestDto, GraphAnswerBody> {
  /** `${PUBLIC_BASE_URL}/api/calling`: where Graph sends this call's notifications. */
  @IsHttpsUrl()
  callbackUri!: string;

  // Listed in reverse: with stopAtFirstError the decorator nearest the property reports first.
  @IsIn(ANSWER_MODALITIES, { each: true })
  @ArrayUnique()
  @ArrayNotEmpty()
  @IsArray()
  acceptedModalities!: AnswerModality[];

  @IsDefined()
  @ValidateNested()
  @Type(() => UnknownMediaConfigDto, MEDIA_CONFIG_TYPE)
  mediaConfig!: MediaConfigDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => IncomingCallOptionsDto)
  callOptions?: IncomingCallOptionsDto;

  /** Policy-based recording calls only: participants this instance takes before Graph invites another. */
  @IsOptional()
  @IsInt()
  @Min(0)
  participantCapacity?: number;
}
