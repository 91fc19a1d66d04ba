import { Injectable, ValidationPipe } from '@nestjs/common';
import { STRICT_VALIDATION } from './validation.policy';

/**
 * Switchboard's own request bodies are validated strictly (unknown properties refused). Applied
 * per controller rather than globally, so that a user's module keeps Nest's default behaviour for
 * its routes; it opts in with `@UsePipes(StrictValidationPipe)`.
 */
@Injectable()
export class StrictValidationPipe extends ValidationPipe {
  constructor() {
    super(STRICT_VALIDATION);
  }
}
