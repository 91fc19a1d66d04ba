import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';

/** The project's notification examples (`test/fixtures/notifications`, see its README). */
export const NOTIFICATION_FIXTURE_DIR = resolve(__dirname, '../fixtures/notifications');

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Every fixture by file name (without `.json`), parsed afresh on each call so tests may mutate them. */
export function notificationFixtures(): Record<string, JsonObject> {
  const entries: Array<[string, JsonObject]> = readdirSync(NOTIFICATION_FIXTURE_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file): [string, JsonObject] => [
      file.replace(/\.json$/, ''),
      JSON.parse(readFileSync(resolve(NOTIFICATION_FIXTURE_DIR, file), 'utf8')) as JsonObject,
    ]);
  return Object.fromEntries(entries);
}

export function notificationFixture(name: string): JsonObject {
  const fixture = notificationFixtures()[name];
  if (!fixture) throw new Error(`no notification fixture named ${name}`);
  return fixture;
}

/** A fresh call id in Graph's style (32 upper-case hex digits), valid for the call id rule. */
export function newCallId(): string {
  return randomUUID().replace(/-/g, '').toUpperCase();
}

/**
 * The fixture with every call id replaced by a fresh one (in `resourceUrl`, `resource`, and the
 * `id`/`@odata.id` of every `#microsoft.graph.call` object), so that a test does not collide with
 * another test's calls or with duplicate suppression. One old id maps to one new id throughout.
 */
export function withFreshCallIds(fixture: JsonObject): JsonObject {
  const ids = new Map<string, string>();
  const fresh = (old: string): string => {
    const key = old.toLowerCase();
    if (!ids.has(key)) ids.set(key, newCallId());
    return ids.get(key)!;
  };
  const inPath = (path: string): string =>
    path.replace(/\/calls\/([A-Za-z0-9_-]+)/g, (_match, id: string) => `/calls/${fresh(id)}`);
  const walk = (node: Json, key?: string): Json => {
    if (Array.isArray(node)) return node.map((item) => walk(item));
    if (node === null || typeof node !== 'object') {
      return typeof node === 'string' && (key === 'resourceUrl' || key === 'resource')
        ? inPath(node)
        : node;
    }
    const copy: JsonObject = {};
    for (const [name, value] of Object.entries(node)) copy[name] = walk(value, name);
    if (copy['@odata.type'] === '#microsoft.graph.call') {
      if (typeof copy.id === 'string') copy.id = fresh(copy.id);
      if (typeof copy['@odata.id'] === 'string') copy['@odata.id'] = inPath(copy['@odata.id']);
    }
    return copy;
  };
  return walk(fixture) as JsonObject;
}
