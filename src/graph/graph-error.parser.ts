import { STATUS_CODES } from 'node:http';

/** Graph's error body: `{"error": {"code", "message", "innerError": {"request-id", "date", "client-request-id"}}}`. */
export interface ParsedGraphError {
  code: string;
  message: string;
  requestId: string | undefined;
}

/** What is read of the response headers (`fetch`'s `Headers` is one). */
export interface HeaderReader {
  get(name: string): string | null;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Reads what it can from a failed response: Graph's body when it has one, else the status line.
 * Older calling errors spell `innererror` in lower case, and some carry `requestId`.
 */
export function parseGraphError(
  status: number,
  body: string,
  headers: HeaderReader,
): ParsedGraphError {
  let parsed: unknown;
  try {
    parsed = body.length > 0 ? JSON.parse(body) : undefined;
  } catch {
    parsed = undefined;
  }
  const error = asRecord(asRecord(parsed)?.error);
  const inner = asRecord(error?.innerError) ?? asRecord(error?.innererror);
  const fallback = `HTTP ${status} ${STATUS_CODES[status] ?? ''}`.trim();
  const snippet = error === undefined && body.length > 0 ? `: ${body.slice(0, 200)}` : '';
  return {
    code: text(error?.code) ?? `http${status}`,
    message: text(error?.message) ?? `${fallback}${snippet}`,
    requestId:
      text(inner?.['request-id']) ??
      text(inner?.requestId) ??
      headers.get('request-id') ??
      undefined,
  };
}
