/**
 * Structural comparison of two object trees built from the same JSON, stricter than `toEqual`:
 * the same prototype at every level, the same own keys in the same order (keys holding
 * `undefined` included), and the same primitive values (`Object.is`). Returns where they first
 * differ, or undefined when they are the same tree.
 */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (typeof a !== typeof b) return `${path}: ${typeof a} vs ${typeof b}`;
  if (a === null || b === null || typeof a !== 'object') {
    return Object.is(a, b) ? undefined : `${path}: ${String(a)} vs ${String(b)}`;
  }
  const left = a as Record<string | symbol, unknown>;
  const right = b as Record<string | symbol, unknown>;
  if (Object.getPrototypeOf(left) !== Object.getPrototypeOf(right)) {
    return `${path}: ${left.constructor?.name} vs ${right.constructor?.name}`;
  }
  const leftKeys = Reflect.ownKeys(left);
  const rightKeys = Reflect.ownKeys(right);
  if (leftKeys.join('\u0000') !== rightKeys.join('\u0000')) {
    return `${path}: keys [${leftKeys.map(String).join(',')}] vs [${rightKeys.map(String).join(',')}]`;
  }
  for (const key of leftKeys) {
    if (typeof key === 'symbol') continue;
    const found = firstDifference(left[key], right[key], `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}
