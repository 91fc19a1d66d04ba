import { MAX_BODY_DEPTH } from '../notification.constants';

/** Bounds on one body's work (config `notification.limits`). */
export interface BodyLimits {
  readonly maxNotifications: number;
  readonly maxRosterEntries: number;
  readonly maxArrayItems: number;
  readonly maxObjects: number;
}

/** The defaults of `config/default.yaml`, for the pipe built without configuration (unit specs). */
export const DEFAULT_BODY_LIMITS: BodyLimits = {
  maxNotifications: 1000,
  maxRosterEntries: 10_000,
  maxArrayItems: 1000,
  maxObjects: 50_000,
};

function label(parent: string, key: string | number): string {
  return typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;
}

const ITEM_PATH = /^value\[\d+\]$/;

type Frame = [node: object, depth: number, path: string, ownLimit: number];

/** The arrays whose size has its own limit: `value` and each item's `resourceData`. */
function limitOf(path: string, key: string | number, parentIsItem: boolean, limits: BodyLimits) {
  if (path === '' && key === 'value') return limits.maxNotifications;
  if (parentIsItem && key === 'resourceData') return limits.maxRosterEntries;
  return limits.maxArrayItems;
}

/**
 * Checks what the validation libraries cannot be trusted with, before they see the body: its
 * size in objects and arrays and the length of each array (validation work grows with them; the
 * limits are far above what Graph sends), its depth (class-transformer copies recursively), and
 * `null` entries in a `resourceData` array (class-transformer's discriminator throws a TypeError
 * on them). One iterative walk that stops at the first bound exceeded. Returns the problems, each
 * naming its field; empty when the body may go on to validation.
 */
export function precheckBody(body: unknown, limits: BodyLimits = DEFAULT_BODY_LIMITS): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return ['body must be a JSON object: {"value": [commsNotification, ...]}'];
  }
  const stack: Frame[] = [[body, 1, '', 0]];
  let objects = 0;
  while (stack.length > 0) {
    const [node, depth, path, ownLimit] = stack.pop()!;
    if (++objects > limits.maxObjects) {
      return [`body holds more than ${limits.maxObjects} objects and arrays`];
    }
    if (depth > MAX_BODY_DEPTH) return [`${path}: nested deeper than ${MAX_BODY_DEPTH} levels`];
    if (Array.isArray(node) && node.length > ownLimit && depth > 1) {
      return [`${path}: more than ${ownLimit} items`];
    }
    const isItem = depth === 3 && ITEM_PATH.test(path);
    const entries: Array<[string | number, unknown]> = Array.isArray(node)
      ? node.map((child, index) => [index, child])
      : Object.entries(node);
    for (const [key, child] of entries) {
      if (typeof child === 'object' && child !== null) {
        // Paths are only named down to a few levels: enough to find the field, cheap to build.
        const childPath = depth < 6 ? label(path, key) : path;
        stack.push([child, depth + 1, childPath, limitOf(path, key, isItem, limits)]);
      }
    }
  }
  return nullEntries((body as { value?: unknown }).value);
}

function nullEntries(items: unknown): string[] {
  const problems: string[] = [];
  if (!Array.isArray(items)) return problems;
  items.forEach((item, index) => {
    const data = (item as { resourceData?: unknown } | null)?.resourceData;
    if (!Array.isArray(data)) return;
    data.forEach((entry, position) => {
      if (entry === null) {
        problems.push(`value[${index}].resourceData[${position}]: must be an object, not null`);
      }
    });
  });
  return problems;
}
