import {
  type DiscriminatorDescriptor,
  type TransformMetadata,
  TransformationType,
  type TypeMetadata,
} from 'class-transformer';
import { DEFAULT_TRANSFORM_OPTIONS, transformerMetadata } from './transformer-metadata';
import { UnsupportedShapeError } from './unsupported-shape.error';

type Class = new () => object;
type JsonRecord = Record<string, unknown>;

/** What a value is turned into: a class, a discriminated union (for array items), or a copy. */
type Target = Class | TypeMetadata | undefined;

interface KeyPlan {
  readonly type: TypeMetadata | undefined;
  readonly transforms: readonly TransformMetadata[];
}

interface ClassPlan {
  /** Plans of the declared properties; any other key is looked up as it comes. */
  readonly keys: ReadonlyMap<string, KeyPlan>;
}

/** `@Type` results class-transformer converts to instead of building an object (not compiled). */
const CONVERTED_TYPES: ReadonlySet<unknown> = new Set([String, Number, Boolean, Date, Buffer]);
/** Array property types for which class-transformer builds a plain array. */
const PLAIN_ARRAY_TYPES: ReadonlySet<unknown> = new Set([
  undefined,
  Array,
  Object,
  String,
  Number,
  Boolean,
]);

/** What class-transformer passes as the property of an array item to a `@Type` function. */
const NO_PROPERTY = undefined as unknown as string;

function keyPlanOf(type: Class, key: string): KeyPlan {
  const transforms = transformerMetadata
    .findTransformMetadatas(type, key, TransformationType.PLAIN_TO_CLASS)
    // Without groups in the options, class-transformer skips the transforms that name groups.
    .filter((metadata) => !metadata.options?.groups?.length);
  return { type: transformerMetadata.findTypeMetadata(type, key), transforms };
}

function isDiscriminated(metadata: TypeMetadata): boolean {
  const discriminator = metadata.options?.discriminator;
  if (!discriminator?.property || !discriminator.subTypes) return false;
  // Without keepDiscriminatorProperty, class-transformer deletes it from the body it reads; the
  // body must stay as it came for the uncompiled path, so that case is not compiled.
  if (!metadata.options.keepDiscriminatorProperty) {
    throw new UnsupportedShapeError('discriminator property removed from the body');
  }
  return true;
}

function isTypeMetadata(target: Target): target is TypeMetadata {
  return typeof target === 'object';
}

/**
 * Builds class instances from parsed JSON as `plainToInstance(type, plain)` does with its default
 * options, from the same `@Type`/`@Transform` declarations, without its per-key bookkeeping: the
 * same classes, keys, key order, copies and transformed values. Anything it does not reproduce
 * exactly throws `UnsupportedShapeError`.
 */
export class InstanceBuilder {
  private readonly plans = new WeakMap<Class, ClassPlan>();

  /** `declaredKeys(type)`: the properties worth planning once (those with validation rules). */
  constructor(private readonly declaredKeys: (type: Class) => Iterable<string>) {}

  build<T extends object>(type: new () => T, plain: object): T {
    return this.value(plain, type, undefined) as T;
  }

  private planOf(type: Class): ClassPlan {
    let plan = this.plans.get(type);
    if (plan) return plan;
    if (
      transformerMetadata.getStrategy(type) !== 'none' ||
      transformerMetadata.getExposedMetadatas(type).length > 0 ||
      transformerMetadata.getExcludedMetadatas(type).length > 0
    ) {
      throw new UnsupportedShapeError(`@Expose/@Exclude on ${type.name}`);
    }
    const keys = new Map<string, KeyPlan>();
    for (const key of this.declaredKeys(type)) keys.set(key, keyPlanOf(type, key));
    plan = { keys };
    this.plans.set(type, plan);
    return plan;
  }

  private value(value: unknown, target: Target, arrayType: unknown): unknown {
    if (Array.isArray(value)) return this.array(value, target, arrayType);
    if (CONVERTED_TYPES.has(target)) throw new UnsupportedShapeError('conversion to a primitive');
    if (typeof value !== 'object' || value === null) return value;
    // A JSON object; an own `constructor` would make class-transformer construct that value.
    if (Object.getPrototypeOf(value) !== Object.prototype || Object.hasOwn(value, 'constructor')) {
      throw new UnsupportedShapeError('not a plain JSON object');
    }
    return this.object(value as JsonRecord, target as Class | undefined);
  }

  private array(items: unknown[], target: Target, arrayType: unknown): unknown[] {
    if (!PLAIN_ARRAY_TYPES.has(arrayType)) throw new UnsupportedShapeError('array type');
    const out: unknown[] = [];
    for (const item of items) {
      let itemType: Target = target;
      if (isTypeMetadata(target)) {
        const discriminator = target.options.discriminator as DiscriminatorDescriptor;
        // As class-transformer: a null item throws here (the caller then validates the slow way).
        const found = discriminator.subTypes.find(
          (subType) => subType.name === (item as JsonRecord)[discriminator.property],
        );
        const fallback = () =>
          target.typeFunction({
            newObject: out,
            object: item as JsonRecord,
            property: NO_PROPERTY,
          });
        itemType = (found?.value ?? fallback()) as Class;
      }
      out.push(this.value(item, itemType, undefined));
    }
    return out;
  }

  private object(plain: JsonRecord, type: Class | undefined): object {
    const plan = type ? this.planOf(type) : undefined;
    const out = (type ? new type() : {}) as JsonRecord;
    const prototype = (out.constructor as { prototype?: object }).prototype;
    for (const key of Object.keys(plain)) {
      if (key === '__proto__' || key === 'constructor') continue;
      const sub = plain[key];
      let keyPlan: KeyPlan | undefined;
      let target: Target;
      if (type) {
        keyPlan = plan!.keys.get(key) ?? keyPlanOf(type, key);
        target = this.targetOf(keyPlan.type, out, plain, key, sub);
      }
      if (prototype) {
        // Keys that would shadow a method or a getter are skipped, as class-transformer does.
        const descriptor = Object.getOwnPropertyDescriptor(prototype, key);
        if ((descriptor && !descriptor.set) || out[key] instanceof Function) continue;
      }
      const arrayType: unknown = Array.isArray(sub) ? keyPlan?.type?.reflectedType : undefined;
      let built = this.value(sub, target, arrayType);
      for (const transform of keyPlan?.transforms ?? []) {
        built = transform.transformFn({
          value: built,
          key,
          obj: plain,
          type: TransformationType.PLAIN_TO_CLASS,
          options: DEFAULT_TRANSFORM_OPTIONS,
        });
      }
      out[key] = built;
    }
    return out;
  }

  /** The `@Type` of a property for this value, discriminator included. */
  private targetOf(
    metadata: TypeMetadata | undefined,
    out: object,
    plain: JsonRecord,
    key: string,
    sub: unknown,
  ): Target {
    if (!metadata) return undefined;
    if (metadata.reflectedType === Map) throw new UnsupportedShapeError('Map property');
    const declared = metadata.typeFunction
      ? metadata.typeFunction({ newObject: out, object: plain, property: key })
      : (metadata.reflectedType as Class);
    if (!isDiscriminated(metadata)) return declared as Class;
    if (Array.isArray(sub)) return metadata;
    const { property, subTypes } = metadata.options.discriminator as DiscriminatorDescriptor;
    const typed = sub instanceof Object && property in sub;
    const found = typed
      ? subTypes.find((subType) => subType.name === (sub as JsonRecord)[property])
      : undefined;
    return (found?.value ?? declared) as Class;
  }
}
