import { IsObject, IsString } from 'class-validator';

export class MediaConfig {
  @IsString()
  defaultProfile!: string;

  @IsObject()
  profiles!: Record<string, unknown>;
}
