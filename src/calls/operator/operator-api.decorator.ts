import { applyDecorators, Controller, UseGuards, UsePipes } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { StrictValidationPipe } from '../../common/validation/strict-validation.pipe';
import { OperatorApiKeyGuard } from './operator-api-key.guard';

/** Where operator routes live; `OperatorApiKeyHook` checks the key on all of them before routing. */
export const OPERATOR_API_PATHS = ['api/calls', 'api/overview'] as const;
export type OperatorApiPath = (typeof OPERATOR_API_PATHS)[number];

/**
 * A controller of the operator API (docs/operations.md): under `/api/calls` (or another of
 * `OPERATOR_API_PATHS`), behind the operator keys, documented as such, its bodies validated
 * strictly. Feature modules' own operator routes use it too, so that no operator route can miss the
 * key check.
 */
export function OperatorApiController(path: OperatorApiPath = 'api/calls'): ClassDecorator {
  return applyDecorators(
    ApiTags(path.slice('api/'.length)),
    ApiBearerAuth(),
    ApiSecurity('x-api-key'),
    ApiUnauthorizedResponse({ description: 'No valid operator API key.' }),
    UseGuards(OperatorApiKeyGuard),
    UsePipes(StrictValidationPipe),
    Controller(path),
  );
}
