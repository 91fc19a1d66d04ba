import type { ValidationArguments } from 'class-validator';
import { type PropertyRules, propertyRulesOf } from './rules.checker';
import { UnsupportedShapeError } from './unsupported-shape.error';

type Class = abstract new (...args: never[]) => object;
type Check = PropertyRules['checks'][number];

function passed(result: unknown): boolean {
  if (typeof (result as { then?: unknown } | null)?.then === 'function') {
    throw new UnsupportedShapeError('a rule answered with a promise');
  }
  return Boolean(result);
}

/**
 * Says whether an instance built from a JSON body passes its class's rules, as class-validator's
 * `validate` (no groups, no whitelist, unknown values allowed) would find no error: the same
 * rules, conditions and nesting, read once per class, and no error objects built on the way.
 */
export class RulesEvaluator {
  private readonly rules = new WeakMap<Class, readonly PropertyRules[]>();

  /** The property names that carry rules on `type`, inherited ones included. */
  declaredKeys(type: Class): string[] {
    return this.rulesOf(type).map((rule) => rule.name);
  }

  isValid(object: object): boolean {
    const record = object as Record<string, unknown>;
    for (const rule of this.rulesOf(object.constructor as Class)) {
      if (!this.propertyIsValid(object, record[rule.name], rule)) return false;
    }
    return true;
  }

  private rulesOf(type: Class): readonly PropertyRules[] {
    let rules = this.rules.get(type);
    if (!rules) {
      rules = propertyRulesOf(type);
      this.rules.set(type, rules);
    }
    return rules;
  }

  private propertyIsValid(object: object, value: unknown, rule: PropertyRules): boolean {
    // Every condition is asked, as class-validator does; one false one skips the property.
    let applies = true;
    for (const condition of rule.conditions) applies = condition(object, value) && applies;
    if (!applies) return true;
    for (const check of rule.checks) {
      if (!this.checkPasses(object, value, check)) return false;
    }
    return !rule.nested || this.nestedIsValid(value);
  }

  private checkPasses(object: object, value: unknown, check: Check): boolean {
    if (check.validateIf && !check.validateIf(object, value)) return true;
    const args: ValidationArguments = {
      targetName: object.constructor ? object.constructor.name : (undefined as unknown as string),
      property: check.property,
      object,
      value,
      constraints: check.constraints,
    };
    if (!check.each || !Array.isArray(value)) {
      if (value instanceof Set || value instanceof Map) {
        throw new UnsupportedShapeError('Set or Map value');
      }
      return passed(check.validate(value, args));
    }
    let all = true;
    for (const item of value) all = passed(check.validate(item, args)) && all;
    return all;
  }

  private nestedIsValid(value: unknown): boolean {
    if (value === undefined) return true;
    if (Array.isArray(value)) return value.every((item) => this.nestedIsValid(item));
    if (value instanceof Object) return this.isValid(value);
    return false;
  }
}
