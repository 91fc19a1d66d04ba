/** What a raw POST got back. */
export interface RawResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body was JSON, else the text ('' when empty). */
  body: unknown;
  text: string;
}

export interface RawPostOptions {
  /** Serialised with JSON.stringify unless `rawBody` is given. */
  body?: unknown;
  /** Exact bytes to send (e.g. malformed JSON, or a megabyte of padding). */
  rawBody?: string | Uint8Array;
  /** Sent as `Authorization: Bearer <token>` when given. */
  token?: string;
  /** `null` sends no Content-Type at all; default `application/json`. */
  contentType?: string | null;
  headers?: Record<string, string>;
}

/**
 * A POST with full control over what is on the wire (no content type, any body, any token), for
 * tests of the inbound checks. Goes through Node's own fetch, so the emulator CA applies to https.
 */
export async function rawPost(url: string, options: RawPostOptions = {}): Promise<RawResponse> {
  const payload = options.rawBody ?? JSON.stringify(options.body ?? {});
  const headers: Record<string, string> = { ...options.headers };
  const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
  if (contentType !== null) headers['content-type'] = contentType;
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  // Bytes, not a string: fetch would otherwise add `text/plain` when no content type is given.
  const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const response = await fetch(url, { method: 'POST', headers, body: bytes });
  const text = await response.text();
  let body: unknown = text;
  if (text.length > 0 && (response.headers.get('content-type') ?? '').includes('json')) {
    body = JSON.parse(text) as unknown;
  }
  return { status: response.status, headers: response.headers, body, text };
}
