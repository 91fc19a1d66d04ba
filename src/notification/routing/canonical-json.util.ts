/**
 * JSON with object keys sorted at every level, so that two deliveries of the same notification
 * give the same text whatever order Graph wrote the keys in. `undefined` members are left out,
 * as `JSON.stringify` does. Depth is bounded by the body pre-check (MAX_BODY_DEPTH).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(',')}}`;
}
