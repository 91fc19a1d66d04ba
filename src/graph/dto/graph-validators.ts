import { ValidateBy, ValidationOptions } from 'class-validator';

export { IsHttpsUrl } from '../../common/validation/https-url.validator';

/** An identity set naming nobody would be refused by Graph; say so before sending. */
export function NamesSomeone(
  keys: readonly string[],
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'namesSomeone',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          keys.some((key) => (value as Record<string, unknown>)[key] != null),
        defaultMessage: () => `$property must name at least one of ${keys.join(', ')}`,
      },
    },
    options,
  );
}

/**
 * A phone number as Graph takes it in `identity.id` of a phone: E.164, `+` then up to 15 digits,
 * the first not 0 (`+14255550100`). Graph refuses anything else during the call, too late.
 */
export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;

export function isE164(value: unknown): value is string {
  return typeof value === 'string' && E164_PATTERN.test(value);
}

export const E164_MESSAGE = 'an E.164 number (+ and up to 15 digits, e.g. +14255550100)';

export function IsE164(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isE164',
      validator: {
        validate: isE164,
        defaultMessage: () => `$property must be ${E164_MESSAGE}`,
      },
    },
    options,
  );
}
