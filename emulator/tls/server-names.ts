import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

/** Always covered: the emulator listens on loopback by default and tests reach it there. */
export const LOOPBACK_NAMES: readonly string[] = ['localhost', '127.0.0.1', '::1'];

// Underscores are not valid in DNS host names, but Docker Compose service names may contain them
// and TLS clients match them literally, so they are accepted.
const LABEL = '[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?';
const DNS_NAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`);

/**
 * Validates and normalises host names for the server certificate: DNS names (lower-cased) or IP
 * addresses, duplicates dropped. Wildcards are refused: a local emulator has no use for them.
 */
export function normalizeServerNames(names: readonly string[]): string[] {
  const result: string[] = [];
  for (const raw of names) {
    const name = raw.trim().toLowerCase();
    if (name === '') continue;
    if (isIP(name) === 0 && !DNS_NAME.test(name)) {
      throw new Error(`not a DNS name or IP address: ${JSON.stringify(raw)}`);
    }
    if (!result.includes(name)) result.push(name);
  }
  return result;
}

/** `emulator, graph.local` → ['emulator', 'graph.local']; empty entries are ignored. */
export function parseServerNames(csv: string): string[] {
  return normalizeServerNames(csv.split(','));
}

/** The loopback names plus `extra`, as the server certificate lists them. */
export function serverNames(extra: readonly string[] = []): string[] {
  return normalizeServerNames([...LOOPBACK_NAMES, ...extra]);
}

export function certificateCovers(cert: X509Certificate, name: string): boolean {
  return isIP(name) !== 0 ? cert.checkIP(name) !== undefined : cert.checkHost(name) !== undefined;
}
