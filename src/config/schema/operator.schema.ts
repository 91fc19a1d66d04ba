import { IsArray, IsString, MinLength } from 'class-validator';

export class OperatorConfig {
  /** Keys accepted by the operator API; empty means the API answers 401 to everyone. */
  @IsArray()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  apiKeys!: string[];
}
