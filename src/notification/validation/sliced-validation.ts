import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ValidationError } from 'class-validator';
import type { JsonBodyValidation } from '../../common/validation/json-body.validation';
import type { CommsNotificationDto } from '../dto/comms-notification.dto';
import type { CommsNotificationsDto } from '../dto/comms-notifications.dto';

type Validate = (body: object) => Promise<JsonBodyValidation<CommsNotificationsDto>>;
type JsonObject = Record<string, unknown>;

/**
 * How much is validated between two turns of the event loop: roster entries per slice, and
 * notifications of a delivery validated one by one beyond this many. About a few milliseconds of
 * class-transformer and class-validator each (docs/hostile-input.md has the measurements).
 */
export const SLICE_SIZE = 50;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLarge(items: unknown[], sliceSize: number): boolean {
  if (items.length > sliceSize) return true;
  return items.some((item) => {
    const data = isObject(item) ? item.resourceData : undefined;
    return Array.isArray(data) && data.length > sliceSize;
  });
}

function slicesOf(data: unknown[], size: number): unknown[][] {
  const slices: unknown[][] = [];
  for (let start = 0; start < data.length; start += size)
    slices.push(data.slice(start, start + size));
  return slices;
}

/** `resourceData[3]` of the slice starting at `offset` is `resourceData[offset + 3]` of the item. */
function shiftEntries(errors: ValidationError[], offset: number): ValidationError[] {
  if (offset === 0) return errors;
  return errors.map((error) =>
    error.property !== 'resourceData'
      ? error
      : {
          ...error,
          children: (error.children ?? []).map((entry) => ({
            ...entry,
            property: /^\d+$/.test(entry.property)
              ? String(Number(entry.property) + offset)
              : entry.property,
          })),
        },
  );
}

interface ItemResult {
  readonly item: CommsNotificationDto | undefined;
  /** Errors about the item's own properties (children of its `value[i]` node). */
  readonly errors: ValidationError[];
  /** Constraints on `value` itself (e.g. "each value in value must be an object"). */
  readonly valueConstraints: Record<string, string>;
}

async function validateItem(item: unknown, validate: Validate, size: number): Promise<ItemResult> {
  const data = isObject(item) ? item.resourceData : undefined;
  const slices = Array.isArray(data) && data.length > size ? slicesOf(data, size) : [undefined];
  let built: CommsNotificationDto | undefined;
  const errors: ValidationError[] = [];
  const valueConstraints: Record<string, string> = {};
  for (const [position, slice] of slices.entries()) {
    if (position > 0) await yieldToEventLoop();
    const part = slice === undefined ? item : { ...(item as JsonObject), resourceData: slice };
    const result = await validate({ value: [part] });
    for (const error of result.errors) {
      if (error.property !== 'value') continue;
      Object.assign(valueConstraints, error.constraints);
      const own = (error.children ?? []).flatMap((child) => child.children ?? []);
      // The item's other properties are the same in every slice: their errors are taken once.
      const relevant = position === 0 ? own : own.filter((e) => e.property === 'resourceData');
      errors.push(...shiftEntries(relevant, position * size));
    }
    const builtPart = result.instance.value?.[0];
    if (built === undefined) built = builtPart;
    else if (Array.isArray(built.resourceData) && Array.isArray(builtPart?.resourceData)) {
      built.resourceData.push(...builtPart.resourceData);
    }
  }
  return { item: built, errors, valueConstraints };
}

/**
 * Validates a delivery as `validate` would in one call, but a large one (many notifications, or a
 * roster of many participants) a slice at a time with the event loop running in between, so that
 * health checks and other calls' answers are not held up by one big body. The instance and the
 * errors are the same as one call's, index paths included. Small bodies take the one call.
 */
export async function validateInSlices(
  body: JsonObject,
  validate: Validate,
  size: number = SLICE_SIZE,
): Promise<JsonBodyValidation<CommsNotificationsDto>> {
  const items = body.value;
  if (!Array.isArray(items) || !isLarge(items, size)) return validate(body);
  const head = await validate({ ...body, value: [] });
  const errors = head.errors.filter((error) => error.property !== 'value');
  const built: CommsNotificationDto[] = [];
  const itemErrors: ValidationError[] = [];
  const valueConstraints: Record<string, string> = {};
  for (const [index, item] of items.entries()) {
    await yieldToEventLoop();
    const result = await validateItem(item, validate, size);
    if (result.item !== undefined) built.push(result.item);
    Object.assign(valueConstraints, result.valueConstraints);
    if (result.errors.length > 0) {
      itemErrors.push({ property: String(index), children: result.errors, value: item as unknown });
    }
  }
  if (itemErrors.length > 0 || Object.keys(valueConstraints).length > 0) {
    const constraints = Object.keys(valueConstraints).length > 0 ? valueConstraints : undefined;
    errors.push({ property: 'value', constraints, children: itemErrors, value: undefined });
  }
  head.instance.value = built;
  return { instance: head.instance, errors };
}
