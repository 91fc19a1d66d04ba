import { getMetadataStorage } from 'class-validator';
import { enumPropertiesOf, isKnownEnumValue } from '../dto/graph-enum.decorator';
import { UnknownResourceDto } from '../dto/unknown-resource.dto';

/**
 * Something Graph sent that this code does not know, tolerated by design (docs/http-interface.md): an
 * unknown `resourceData` type, an enum value outside the known ones, a property no DTO declares,
 * or a value of the wrong type where the service does not act on it (docs/hostile-input.md).
 */
export interface Deviation {
  readonly kind: 'unknownType' | 'unknownValue' | 'extraProperty' | 'wrongType';
  /** Where in the body, e.g. `value[0].resourceData.state`. */
  readonly path: string;
  /** A bounded label for metrics: the DTO class (and property for enum values). */
  readonly on: string;
  /**
   * The unknown type or enum value, shortened. Never set for extra properties: their values may
   * be anything, including tokens.
   */
  readonly value?: string;
}

const knownByClass = new WeakMap<object, ReadonlySet<string>>();

function knownPropertiesOf(target: object): ReadonlySet<string> {
  const cached = knownByClass.get(target);
  if (cached) return cached;
  const metadata = getMetadataStorage().getTargetValidationMetadatas(
    target as new () => object,
    '',
    true,
    false,
  );
  const known = new Set(metadata.map((entry) => entry.propertyName));
  knownByClass.set(target, known);
  return known;
}

function shorten(value: string): string {
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}

function isDto(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype !== null && prototype !== Object.prototype;
}

function inspectEnum(
  value: unknown,
  lookup: ReadonlyMap<string, string>,
  path: string,
  on: string,
  out: Deviation[],
): void {
  const values = Array.isArray(value) ? value : [value];
  values.forEach((item, index) => {
    if (typeof item === 'string' && !isKnownEnumValue(item, lookup)) {
      const where = Array.isArray(value) ? `${path}[${index}]` : path;
      out.push({ kind: 'unknownValue', path: where, on, value: shorten(item) });
    }
  });
}

/**
 * Lists the deviations in a validated DTO tree. Walks only DTO instances (plain objects are
 * opaque by declaration), so the walk is bounded by the schema, not by the body.
 */
export function findDeviations(node: object, path: string, out: Deviation[] = []): Deviation[] {
  if (node instanceof UnknownResourceDto) {
    const type = node['@odata.type'];
    // Untyped data on a path that implies no type (resource-type.inference.ts) is unknown too.
    const value = type === undefined ? '(untyped)' : shorten(String(type));
    out.push({ kind: 'unknownType', path, on: 'resourceData', value });
    return out;
  }
  const known = knownPropertiesOf(node.constructor);
  const enums = enumPropertiesOf(node);
  const name = node.constructor.name;
  const record = node as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (value === undefined) continue;
    const childPath = `${path}.${key}`;
    if (!known.has(key)) {
      out.push({ kind: 'extraProperty', path: childPath, on: name });
      continue;
    }
    const lookup = enums.get(key);
    if (lookup) {
      inspectEnum(value, lookup, childPath, `${name}.${key}`, out);
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => {
        if (isDto(item)) findDeviations(item, `${childPath}[${index}]`, out);
      });
    } else if (isDto(value)) {
      findDeviations(value, childPath, out);
    }
  }
  return out;
}
