import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsDefined,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { GraphMediaPrompt, GraphPlayPromptBody, GraphShape, ODATA_TYPES } from './graph-bodies';
import { MediaInfoDto } from './media-config.dto';

export class MediaPromptDto implements GraphShape<MediaPromptDto, GraphMediaPrompt> {
  @Equals(ODATA_TYPES.mediaPrompt)
  '@odata.type'!: typeof ODATA_TYPES.mediaPrompt;

  @IsDefined()
  @ValidateNested()
  @Type(() => MediaInfoDto)
  mediaInfo!: MediaInfoDto;
}

/** Body of `POST /communications/calls/{id}/playPrompt` (service-hosted media only). */
export class PlayPromptRequestDto implements GraphShape<PlayPromptRequestDto, GraphPlayPromptBody> {
  @ArrayMaxSize(20)
  @ArrayMinSize(1)
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => MediaPromptDto)
  prompts!: MediaPromptDto[];

  @IsOptional()
  @IsString()
  @MaxLength(256)
  clientContext?: string;
}
