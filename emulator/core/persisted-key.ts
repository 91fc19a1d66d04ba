import { createPrivateKey, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A fresh RSA-2048 private key; generated natively, so it costs tens of milliseconds. */
export function generateRsaKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

/**
 * Loads the RSA key at `path`, creating it when missing. Keys are kept across emulator restarts
 * so that a service that cached our JWKS or a Graph token keeps working when the emulator is
 * restarted. Race-free across processes: the key is written to a private file and hard-linked
 * into place, which fails if another process got there first (then its key is used).
 */
export function loadOrCreateRsaKey(path: string): KeyObject {
  try {
    return createPrivateKey(readFileSync(path, 'utf8'));
  } catch {
    // Missing or unreadable: create below.
  }
  mkdirSync(dirname(path), { recursive: true });
  const key = generateRsaKey();
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  try {
    linkSync(temp, path);
  } catch {
    // Lost the race, or an unreadable leftover: prefer whatever is readable at `path`.
  } finally {
    rmSync(temp, { force: true });
  }
  try {
    return createPrivateKey(readFileSync(path, 'utf8'));
  } catch {
    return key;
  }
}
