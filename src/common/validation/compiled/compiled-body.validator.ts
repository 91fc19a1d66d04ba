import type { ClassConstructor, ClassTransformOptions } from 'class-transformer';
import type { ValidatorOptions } from 'class-validator';
import { InstanceBuilder } from './instance.builder';
import { RulesEvaluator } from './rules.evaluator';

/** Options under which the compiled path gives exactly what class-validator would. */
function isCompilable(transform: ClassTransformOptions, validator: ValidatorOptions): boolean {
  return (
    Object.keys(transform).length === 0 &&
    validator.forbidUnknownValues === false &&
    !validator.whitelist &&
    !validator.groups?.length &&
    !validator.always &&
    !validator.strictGroups &&
    !validator.skipMissingProperties &&
    !validator.skipNullProperties &&
    !validator.skipUndefinedProperties
  );
}

/**
 * A validator compiled from the class-transformer and class-validator declarations of `type`
 * (whatever decorators they use; see docs/performance.md): returns the instance
 * `plainToInstance(type, body, transformOptions)` would build when `validate(instance,
 * validatorOptions)` would find no error, and `undefined` otherwise: the body is invalid, or has
 * a shape the compiler does not reproduce exactly; either way the caller then takes the library
 * path, which also words the errors. Undefined when the options are ones it does not reproduce.
 * `body` must be a JSON object with its prototype keys removed.
 */
export function compileBodyValidator<T extends object>(
  type: ClassConstructor<T>,
  transformOptions: ClassTransformOptions,
  validatorOptions: ValidatorOptions,
): ((body: object) => T | undefined) | undefined {
  if (!isCompilable(transformOptions, validatorOptions)) return undefined;
  const rules = new RulesEvaluator();
  const builder = new InstanceBuilder((target) => rules.declaredKeys(target));
  return (body) => {
    try {
      const instance = builder.build(type, body);
      return rules.isValid(instance) ? instance : undefined;
    } catch {
      // An unsupported shape, or an input a library or rule throws on: the library path decides.
      return undefined;
    }
  };
}
