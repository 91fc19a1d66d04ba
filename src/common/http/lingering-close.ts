import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** How long, at most, the rest of a refused upload is read (and thrown away) before closing. */
export const LINGER_MS = 500;
/** How much of it, at most. */
export const LINGER_BYTES = 1024 * 1024;

/** True while the request still has body bytes the service has not read. */
function hasUnreadBody(request: FastifyRequest): boolean {
  if (request.raw.complete) return false;
  const length = Number(request.headers['content-length'] ?? 0);
  return length > 0 || request.headers['transfer-encoding'] !== undefined;
}

/**
 * The response body as a stream that ends once the client stopped sending, or after LINGER_MS or
 * LINGER_BYTES, whichever comes first: meanwhile what arrives is read and thrown away.
 */
function lingering(request: FastifyRequest, payload: Buffer): Readable {
  const raw = request.raw;
  let received = 0;
  let timer: NodeJS.Timeout | undefined;
  const stream = new Readable({ read: () => undefined });
  const finish = (): void => {
    if (timer === undefined) return;
    clearTimeout(timer);
    timer = undefined;
    raw.off('data', discard);
    raw.off('end', finish);
    raw.off('error', finish);
    stream.push(null);
  };
  const discard = (chunk: Buffer): void => {
    received += chunk.length;
    if (received > LINGER_BYTES) finish();
  };
  timer = setTimeout(finish, LINGER_MS);
  timer.unref();
  raw.on('data', discard);
  raw.once('end', finish);
  raw.once('error', finish);
  stream.push(payload);
  return stream;
}

/**
 * Fastify `onSend` hook for responses sent before the request body was read (401 from the token
 * check, 415, 413, an operator request without a key): the response carries `Connection: close`
 * and its exact length, its bytes go out at once, and the connection is closed after a short
 * lingering read of what the client is still sending. Closing at once (Node's way) resets the
 * connection under a client still uploading, which then often loses the status line; reading
 * the rest would let any unauthenticated client make the service read hundreds of megabytes.
 */
export async function closeAfterEarlyResponse(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<unknown> {
  if (!hasUnreadBody(request)) return payload;
  reply.header('connection', 'close');
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  reply.header('content-length', bytes.length);
  return lingering(request, bytes);
}
