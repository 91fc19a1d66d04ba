import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsArray, IsOptional, IsString } from 'class-validator';

/** Lower-cased value → Graph's spelling (lower camel case). */
type EnumLookup = ReadonlyMap<string, string>;

/** A Graph enum property that may hold values Graph added after this code was written. */
export type OpenEnum<Known extends string> = Known | (string & Record<never, never>);

const declared = new WeakMap<object, Map<string, EnumLookup>>();
const resolved = new WeakMap<object, ReadonlyMap<string, EnumLookup>>();

function lookupOf(values: readonly string[]): EnumLookup {
  return new Map(values.map((value) => [value.toLowerCase(), value]));
}

/** `Established` → `established`; an unknown value keeps its letters with a lower-case first one. */
export function normaliseEnumValue(value: unknown, lookup: EnumLookup): unknown {
  if (typeof value !== 'string') return value;
  const known = lookup.get(value.toLowerCase());
  if (known !== undefined) return known;
  return value.length > 0 ? value[0].toLowerCase() + value.slice(1) : value;
}

/**
 * A Graph enum (`state`, `direction`, modalities...): read case-insensitively, since Graph's own
 * SDKs send `Established` and `Terminated`, and normalised to Graph's lower camel case. A value
 * outside `values` is kept, not refused (Graph adds values); the tolerance inspector reports it.
 */
export function GraphEnum(
  values: readonly string[],
  options: { each?: boolean } = {},
): PropertyDecorator {
  const lookup = lookupOf(values);
  const normalise = (value: unknown): unknown =>
    options.each && Array.isArray(value)
      ? value.map((item) => normaliseEnumValue(item, lookup))
      : normaliseEnumValue(value, lookup);
  const register: PropertyDecorator = (target, property) => {
    const own = declared.get(target) ?? new Map<string, EnumLookup>();
    own.set(String(property), lookup);
    declared.set(target, own);
  };
  return applyDecorators(
    IsOptional(),
    ...(options.each ? [IsArray(), IsString({ each: true })] : [IsString()]),
    Transform(({ value }) => normalise(value), { toClassOnly: true }),
    register,
  );
}

/** The enum properties of a DTO instance's class and its ancestors, with their known values. */
export function enumPropertiesOf(instance: object): ReadonlyMap<string, EnumLookup> {
  const prototype = Object.getPrototypeOf(instance) as object | null;
  if (prototype === null) return new Map();
  const cached = resolved.get(prototype);
  if (cached) return cached;
  const merged = new Map<string, EnumLookup>();
  const chain: object[] = [];
  for (
    let p: object | null = prototype;
    p && p !== Object.prototype;
    p = Object.getPrototypeOf(p) as object | null
  ) {
    chain.unshift(p);
  }
  for (const p of chain)
    for (const [name, lookup] of declared.get(p) ?? []) merged.set(name, lookup);
  resolved.set(prototype, merged);
  return merged;
}

/** True when `value` is one of the values the enum was declared with. */
export function isKnownEnumValue(value: string, lookup: EnumLookup): boolean {
  return lookup.get(value.toLowerCase()) === value;
}
