import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
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
