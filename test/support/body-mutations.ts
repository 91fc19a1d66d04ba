import fc from 'fast-check';
import { RESOURCE_DATA_SUBTYPES } from '../../src/notification/dto/comms-notification.dto';
import type { Json, JsonObject } from './fixtures';

/**
 * Generated edits of JSON bodies for validation properties: each edit picks a place in the tree
 * (by a seed, so that fast-check can shrink it) and changes the value there, drops or adds a key,
 * retypes or recases it. Values lean towards the ones validation rules care about: nulls, empty
 * and wrongly typed values, enum spellings, `@odata.type`s, resource paths, and keys that
 * collide with prototype properties.
 */
export type BodyEdit =
  | { op: 'set'; at: number; value: Json }
  | { op: 'drop'; at: number }
  | { op: 'add'; at: number; key: string; value: Json }
  | { op: 'wrap'; at: number }
  | { op: 'recase'; at: number };

/** Every resource type the service knows, the envelope's own types, and one it does not know. */
export const ODATA_TYPES: readonly string[] = [
  ...RESOURCE_DATA_SUBTYPES.map((subType) => subType.name),
  '#microsoft.graph.commsNotification',
  '#microsoft.graph.commsNotifications',
  '#microsoft.graph.somethingNew',
];

const PATHS = [
  '/communications/calls/57DAB8B1894C409AB240BD8BEAE78896',
  '/app/calls/57DAB8B1894C409AB240BD8BEAE78896',
  '/communications/calls/57DAB8B1894C409AB240BD8BEAE78896/participants',
  '/communications/calls/57DAB8B1894C409AB240BD8BEAE78896/operations/op-1',
  '/communications/calls/57DAB8B1894C409AB240BD8BEAE78896/contentsharingsessions/s1',
  '/communications/calls/bad id!',
  '/communications/somethingElse',
  '',
];

const KEYS = [
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__proto__',
  'constructor',
  'prototype',
  '@odata.type',
  'state',
  'call',
  'id',
  'resourceData',
  'changeType',
  'resource',
  'inviteReasons',
  'requestedModalities',
  'extra',
];

const interesting: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    '',
    0,
    -1,
    1.5,
    true,
    false,
    [],
    {},
    [null],
    [{}],
    ['audio', 'Video', 'weird'],
    'Established',
    'TERMINATED',
    'unknownFutureValue',
    'Created',
    'updated',
    'DELETED',
    'Running',
  ),
  fc.constantFrom<Json>(...ODATA_TYPES, ...PATHS),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

export const bodyEdit: fc.Arbitrary<BodyEdit> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: interesting }),
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('add' as const),
    at: fc.nat(),
    key: fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })),
    value: interesting,
  }),
  fc.record({ op: fc.constant('wrap' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('recase' as const), at: fc.nat() }),
);

type Container = JsonObject | Json[];

/**
 * Every (container, key) of the tree, breadth first. A node met twice would make this walk endless
 * (a cycle) or repeat work (a shared subtree): it throws instead, naming the bug.
 */
function places(root: Json): Array<[Container, string | number]> {
  const found: Array<[Container, string | number]> = [];
  const pending: Json[] = [root];
  const met = new Set<object>();
  while (pending.length > 0) {
    const node = pending.shift()!;
    if (node === null || typeof node !== 'object') continue;
    if (met.has(node)) throw new Error('body edits left a value in two places of the tree');
    met.add(node);
    const keys: Array<string | number> = Array.isArray(node)
      ? node.map((_, index) => index)
      : Object.keys(node);
    for (const key of keys) {
      found.push([node, key]);
      pending.push((node as Record<string | number, Json>)[key]);
    }
  }
  return found;
}

/**
 * A copy of an edit's value to put in the tree. The edit itself must stay as generated: fast-check
 * hands the same `constantFrom` objects (`{}`, `[{}]`...) to every run, and to several edits of one
 * run. Put in by reference, a later edit of that place changed the constant for every run after,
 * and an edit inside it could store it in itself: the tree became a cycle, `places` walked it
 * forever and the Jest worker ran out of heap (EQUIVALENCE_SEED=16 did within 60 bodies).
 */
function fresh(value: Json): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}

/** Sets a key however it is spelled (`__proto__` included) as an own property, as JSON.parse does. */
function put(container: Container, key: string | number, value: Json): void {
  Object.defineProperty(container, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function recase(value: Json): Json {
  if (typeof value !== 'string' || value === '') return value;
  const first = value[0];
  return (
    (first === first.toUpperCase() ? first.toLowerCase() : first.toUpperCase()) + value.slice(1)
  );
}

/** `body` with the edits applied, as a body freshly parsed from JSON. */
export function applyEdits(body: JsonObject, edits: readonly BodyEdit[]): JsonObject {
  const root = JSON.parse(JSON.stringify(body)) as JsonObject;
  for (const edit of edits) {
    const all = places(root);
    if (all.length === 0) break;
    const [container, key] = all[edit.at % all.length];
    const current = (container as Record<string | number, Json>)[key];
    if (edit.op === 'set') put(container, key, fresh(edit.value));
    else if (edit.op === 'wrap') put(container, key, [current]);
    else if (edit.op === 'recase') put(container, key, recase(current));
    else if (edit.op === 'drop') {
      if (Array.isArray(container)) container.splice(Number(key), 1);
      else delete container[key as string];
    } else if (current !== null && typeof current === 'object' && !Array.isArray(current)) {
      put(current, edit.key, fresh(edit.value));
    } else {
      put(container, key, { [edit.key]: fresh(edit.value) });
    }
  }
  return JSON.parse(JSON.stringify(root)) as JsonObject;
}
