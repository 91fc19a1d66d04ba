import { MAX_BODY_DEPTH } from '../notification.constants';

function label(parent: string, key: string | number): string {
  return typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;
}

/**
 * Checks what the validation libraries cannot be trusted with, before they see the body: its
 * depth (class-transformer copies recursively, so nesting must be bounded) and `null` entries in a
 * `resourceData` array (class-transformer's discriminator throws a TypeError on them). Returns
 * the problems, each naming its field; empty when the body may go on to validation.
 */
export function precheckBody(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return ['body must be a JSON object: {"value": [commsNotification, ...]}'];
  }
  const stack: Array<[unknown, number, string]> = [[body, 1, '']];
  while (stack.length > 0) {
    const [node, depth, path] = stack.pop()!;
    if (depth > MAX_BODY_DEPTH) return [`${path}: nested deeper than ${MAX_BODY_DEPTH} levels`];
    const entries: Array<[string | number, unknown]> = Array.isArray(node)
      ? node.map((child, index) => [index, child])
      : Object.entries(node as object);
    for (const [key, child] of entries) {
      if (typeof child === 'object' && child !== null) {
        // Paths are only named down to a few levels: enough to find the field, cheap to build.
        stack.push([child, depth + 1, depth < 6 ? label(path, key) : path]);
      }
    }
  }
  const problems: string[] = [];
  const items = (body as { value?: unknown }).value;
  if (Array.isArray(items)) {
    items.forEach((item, index) => {
      const data = (item as { resourceData?: unknown } | null)?.resourceData;
      if (!Array.isArray(data)) return;
      data.forEach((entry, position) => {
        if (entry === null) {
          problems.push(`value[${index}].resourceData[${position}]: must be an object, not null`);
        }
      });
    });
  }
  return problems;
}
