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
