import { applyDecorators, Controller, UseGuards, UsePipes } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { StrictValidationPipe } from '../../common/validation/strict-validation.pipe';
import { OperatorApiKeyGuard } from './operator-api-key.guard';

/**
 * A controller of the operator API (docs/operations.md): under `/api/calls`, behind the operator keys,
 * documented as such, its bodies validated strictly. Feature modules' own operator routes use it
 * too, so that no route under `/api/calls` can miss the key check.
 */
export function OperatorApiController(): ClassDecorator {
  return applyDecorators(
    ApiTags('calls'),
    ApiBearerAuth(),
    ApiSecurity('x-api-key'),
    ApiUnauthorizedResponse({ description: 'No valid operator API key.' }),
    UseGuards(OperatorApiKeyGuard),
    UsePipes(StrictValidationPipe),
    Controller('api/calls'),
  );
}
