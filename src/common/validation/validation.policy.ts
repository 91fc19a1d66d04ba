import { BadRequestException, ValidationError, ValidationPipeOptions } from '@nestjs/common';
function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

/** `value[0].resourceData.state: state must be one of ...`, one entry per failing field. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = joinPath(parent, error.property);
    const own = Object.values(error.constraints ?? {}).map((text) => `${path}: ${text}`);
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}

function exceptionFactory(errors: ValidationError[]): BadRequestException {
  return new BadRequestException(flattenValidationErrors(errors).join('; '));
}

/** Our own request bodies (operator API): unknown properties are a client error. */
export const STRICT_VALIDATION: ValidationPipeOptions = {
  transform: true,
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  exceptionFactory,
};

/**
 * Bodies whose schema belongs to Microsoft Graph: Graph adds properties over time, so unknown
 * ones are kept and ignored rather than refused.
 */
export const GRAPH_VALIDATION: ValidationPipeOptions = {
  transform: true,
  whitelist: false,
  forbidNonWhitelisted: false,
  forbidUnknownValues: false,
  exceptionFactory,
};
