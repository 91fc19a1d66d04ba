import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { UnsupportedShapeError } from './unsupported-shape.error';

type Class = abstract new (...args: never[]) => object;
type Condition = (object: object, value: unknown) => boolean;

/** One rule (`@IsString()`, `@Equals(x)`, a custom constraint...), with what it is called with. */
interface Check {
  readonly validate: (value: unknown, args: ValidationArguments) => unknown;
  readonly property: string;
  readonly constraints: unknown[];
  readonly each: boolean;
  readonly validateIf?: Condition;
}

/** Everything declared on one property of a class. */
export interface PropertyRules {
  readonly name: string;
  /** `@IsOptional`, `@ValidateIf`: when one is false, nothing else is checked. */
  readonly conditions: readonly Condition[];
  readonly checks: readonly Check[];
  /** `@ValidateNested`: objects are checked by their own class, arrays item by item. */
  readonly nested: boolean;
}

/** Metadata types with no effect on a JSON value once conditions and checks are read. */
const INERT_TYPES: ReadonlySet<string> = new Set([
  ValidationTypes.WHITELIST,
  ValidationTypes.PROMISE_VALIDATION,
]);

function checksOf(metadata: ValidationMetadata): Check[] {
  const storage = getMetadataStorage();
  return storage.getTargetValidatorConstraints(metadata.constraintCls).map((constraint) => {
    if (constraint.async) throw new UnsupportedShapeError(`async rule ${constraint.name}`);
    const instance = constraint.instance as { validate: Check['validate'] };
    return {
      validate: (value, args) => instance.validate(value, args),
      property: metadata.propertyName,
      constraints: metadata.constraints,
      each: metadata.each,
      validateIf: metadata.validateIf,
    };
  });
}

/** The rules of `type` (inherited ones included), as class-validator selects them without groups. */
export function propertyRulesOf(type: Class): PropertyRules[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(
    type,
    undefined as unknown as string,
    false,
    false,
  );
  const byName = new Map<string, ValidationMetadata[]>();
  for (const entry of metadata) {
    byName.set(entry.propertyName, [...(byName.get(entry.propertyName) ?? []), entry]);
  }
  return [...byName].map(([name, entries]) => {
    const conditions: Condition[] = [];
    const checks: Check[] = [];
    let nested = false;
    for (const entry of entries) {
      if (entry.type === ValidationTypes.CONDITIONAL_VALIDATION) {
        conditions.push(entry.constraints[0] as Condition);
      } else if (
        entry.type === ValidationTypes.CUSTOM_VALIDATION ||
        entry.type === ValidationTypes.IS_DEFINED
      ) {
        checks.push(...checksOf(entry));
      } else if (entry.type === ValidationTypes.NESTED_VALIDATION) {
        nested = true;
      } else if (!INERT_TYPES.has(entry.type)) {
        throw new UnsupportedShapeError(`rule type ${entry.type}`);
      }
    }
    return { name, conditions, checks, nested };
  });
}
