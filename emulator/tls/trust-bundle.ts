import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The file to give a child process as NODE_EXTRA_CA_CERTS so that it trusts the emulator's CA.
 * Node takes one file only, and machines often set NODE_EXTRA_CA_CERTS already (a corporate or
 * system bundle): replacing it would drop that trust, so both go into one bundle beside the CA.
 */
export function trustBundle(caPath: string, existing: string | undefined): string {
  const ca = resolve(caPath);
  if (!existing || resolve(existing) === ca || !existsSync(existing)) return ca;
  const bundle = join(dirname(ca), 'trust-bundle.pem');
  const text = `${readFileSync(existing, 'utf8').trimEnd()}\n${readFileSync(ca, 'utf8')}`;
  if (existsSync(bundle) && readFileSync(bundle, 'utf8') === text) return bundle;
  // Written aside then renamed, so a process starting meanwhile never reads half a bundle.
  const temp = `${bundle}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, bundle);
  return bundle;
}
