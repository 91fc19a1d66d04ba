import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** The key from `Authorization: Bearer <key>`, else `x-api-key`. */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  const header = headers['x-api-key'];
  return typeof header === 'string' && header.length > 0 ? header : undefined;
}

/**
 * The operator API keys, as every door that asks for one checks them (the operator API, and the
 * operational endpoints a deployment protects). Keys are compared as SHA-256 digests with
 * `timingSafeEqual`, so neither a key's content nor its length leaks through timing; every
 * configured key is compared, whichever matches. No key configured: nobody gets in.
 */
export class OperatorKeys {
  private readonly digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
  }

  accepts(headers: IncomingHttpHeaders): boolean {
    const key = presentedKey(headers);
    if (key === undefined || this.digests.length === 0) return false;
    const presented = digest(key);
    let match = false;
    for (const known of this.digests) match = timingSafeEqual(known, presented) || match;
    return match;
  }
}
