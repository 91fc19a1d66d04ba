import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { parseResourcePath } from '../routing/resource-path.parser';

/**
 * A `resourceUrl` (or legacy `resource`): a non-empty string whose call id, and the id after it,
 * obey the id rule when it points below a call. Other paths are accepted (counted as unhandled).
 */
export function IsResourcePath(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isResourcePath',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.length > 0 && parseResourcePath(value).ok,
        defaultMessage: (args: ValidationArguments) => {
          const value: unknown = args.value;
          if (typeof value !== 'string' || value.length === 0) {
            return `${args.property} must be a non-empty string`;
          }
          const parsed = parseResourcePath(value);
          return `${args.property}: ${parsed.ok ? 'invalid' : parsed.problem}`;
        },
      },
    });
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One entity, or a collection of them (roster notifications carry an array of participants). */
export function IsResourceData(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isResourceData',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) =>
          isObject(value) || (Array.isArray(value) && value.every((item) => isObject(item))),
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} must be an object or an array of objects`,
      },
    });
}
