import { IsUrl, ValidateBy, ValidationOptions } from 'class-validator';

/**
 * Graph requires https for every URI it fetches or calls back; a local host name (no TLD) is
 * allowed so that the emulator and development set-ups validate too.
 */
export function IsHttpsUrl(options?: ValidationOptions): PropertyDecorator {
  return IsUrl(
    { protocols: ['https'], require_protocol: true, require_tld: false },
    { message: '$property must be an https URL', ...options },
  );
}

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
