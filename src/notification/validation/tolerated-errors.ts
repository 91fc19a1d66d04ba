import type { ValidationError } from 'class-validator';
import { isTolerated } from '../dto/graph-property.decorators';

/** A wrongly typed value the service does not act on, dropped rather than refused. */
export interface ToleratedField {
  /** Where in the body, e.g. `value[0].resourceData.resultInfo.code`. */
  readonly path: string;
  /** A bounded label for metrics: the DTO class and property. */
  readonly on: string;
}

export interface SeparatedErrors {
  /** What still makes the delivery a 400. */
  readonly problems: ValidationError[];
  readonly tolerated: ToleratedField[];
}

function childPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Splits class-validator's errors on a built instance into real problems and failures on or
 * inside `@Tolerated()` properties. The value that failed is deleted from the instance (a consumer
 * never sees a value of the wrong type): the tolerated property itself when its own type is
 * wrong, else the innermost failing value inside it. `errors` are not changed.
 */
export function setAsideTolerated(errors: ValidationError[], instance: object): SeparatedErrors {
  const tolerated: ToleratedField[] = [];
  const visit = (
    error: ValidationError,
    parent: unknown,
    path: string,
    inTolerated: boolean,
  ): ValidationError[] => {
    const here = childPath(path, error.property);
    const failed = error.constraints !== undefined && Object.keys(error.constraints).length > 0;
    const tolerant =
      inTolerated ||
      (isObject(parent) && !Array.isArray(parent) && isTolerated(parent, error.property));
    if (failed && tolerant && isObject(parent)) {
      if (Array.isArray(parent)) parent[Number(error.property)] = undefined;
      else delete parent[error.property];
      tolerated.push({ path: here, on: `${parent.constructor.name}.${error.property}` });
      return [];
    }
    const value = isObject(parent) ? parent[error.property] : undefined;
    const children = (error.children ?? []).flatMap((child) => visit(child, value, here, tolerant));
    if (!failed && children.length === 0) return [];
    return [{ ...error, children }];
  };
  const problems = errors.flatMap((error) => visit(error, instance, '', false));
  return { problems, tolerated };
}
