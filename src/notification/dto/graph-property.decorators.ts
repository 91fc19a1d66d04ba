import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  ValidateNested,
} from 'class-validator';

type DtoClass = new () => object;

/*
 * Every property Graph sends is optional and may be null (Graph writes `"region": null`), so
 * these shorthands all start with `IsOptional`; a present value of the wrong JSON type is the
 * only thing they refuse.
 */

/** An optional nested Graph object, validated as `type` (arrays are not objects here). */
export function NestedObject(type: () => DtoClass): PropertyDecorator {
  return applyDecorators(IsOptional(), IsObject(), ValidateNested(), Type(type));
}

/** An optional array whose items are all `type` objects. */
export function NestedArray(type: () => DtoClass): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    IsArray(),
    IsObject({ each: true }),
    ValidateNested({ each: true }),
    Type(type),
  );
}

export function OptionalString(): PropertyDecorator {
  return applyDecorators(IsOptional(), IsString());
}

export function OptionalBoolean(): PropertyDecorator {
  return applyDecorators(IsOptional(), IsBoolean());
}

export function OptionalInt(): PropertyDecorator {
  return applyDecorators(IsOptional(), IsInt());
}

export function OptionalNumber(): PropertyDecorator {
  return applyDecorators(IsOptional(), IsNumber());
}

/** An object we carry along for consumers without modelling it (Graph's shape is not ours to pin). */
export function OpaqueObject(): PropertyDecorator {
  return applyDecorators(IsOptional(), IsObject());
}

const toleratedByPrototype = new WeakMap<object, Set<string>>();

/**
 * A property the service carries but never acts on (docs/hostile-input.md, "liberal inside"): a
 * value of the wrong JSON type there is dropped and reported as a deviation instead of refusing
 * the whole delivery, because Graph's own payloads get such details wrong (its documentation
 * shows `resultInfo.code` as a string).
 */
export function Tolerated(): PropertyDecorator {
  return (target, property) => {
    const own = toleratedByPrototype.get(target) ?? new Set<string>();
    own.add(String(property));
    toleratedByPrototype.set(target, own);
  };
}

/** True when `property` of `instance`'s class (or an ancestor) is declared `@Tolerated()`. */
export function isTolerated(instance: object, property: string): boolean {
  for (
    let p = Object.getPrototypeOf(instance) as object | null;
    p && p !== Object.prototype;
    p = Object.getPrototypeOf(p) as object | null
  ) {
    if (toleratedByPrototype.get(p)?.has(property)) return true;
  }
  return false;
}

const INTEGER_TEXT = /^-?\d{1,15}$/;

/**
 * An optional integer that Graph documents as a number but sometimes sends as its decimal text
 * (`"code": "200"`): such text is read as the number; anything else still has to be an integer.
 */
export function OptionalIntFromText(): PropertyDecorator {
  return applyDecorators(
    Transform(
      ({ value }: { value: unknown }) =>
        typeof value === 'string' && INTEGER_TEXT.test(value) ? Number(value) : value,
      { toClassOnly: true },
    ),
    IsOptional(),
    IsInt(),
  );
}
