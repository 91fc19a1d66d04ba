import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withDirLock } from './dir-lock';
import {
  createCa,
  type IssuedCertificate,
  issueServerCertificate,
  SERVER_CERT_LIFETIME_MS,
} from './issue';
import { certificateCovers, serverNames } from './server-names';

/** The files of the emulator's certificate authority and its server certificate. */
export interface CertificateBundle {
  dir: string;
  caPath: string;
  certPath: string;
  keyPath: string;
  ca: string;
  cert: string;
  key: string;
}

export interface CertificateOptions {
  /**
   * Host names (DNS names or IP addresses) the server certificate must cover besides 127.0.0.1,
   * localhost and ::1, e.g. a Docker Compose service name.
   */
  hosts?: readonly string[];
}

/** `ca.pem` is the file clients trust (NODE_EXTRA_CA_CERTS); docker-compose.yml names it too. */
export const CERTIFICATE_FILES = {
  ca: 'ca.pem',
  caKey: 'ca-key.pem',
  cert: 'server.pem',
  key: 'server-key.pem',
} as const;
/** Regenerate a little before expiry so that a long test run never meets an expired certificate. */
const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;

/**
 * Returns the CA and server certificate in `dir`, creating what is missing, expired or not
 * covering the loopback names plus `options.hosts`. A CA that is still good is kept and only the
 * server certificate is issued again, so that clients already trusting the CA keep working.
 *
 * Safe to call from several processes at once: writers take a lock inside `dir` and replace each
 * file in one rename, and a reader that catches files from two generations (the CA not matching
 * the certificate, or the key not matching it) waits for the writer instead. Nothing outside
 * `dir` is touched and `dir` itself is never replaced, so it may be a volume mount point.
 */
export function ensureCertificates(
  dir: string,
  options: CertificateOptions = {},
): CertificateBundle {
  const names = serverNames(options.hosts);
  const existing = readBundle(dir);
  if (existing && isUsable(existing, names)) return existing;

  mkdirSync(dir, { recursive: true });
  const bundle = withDirLock(dir, () => {
    // Another process may have done the work while this one waited for the lock.
    const current = readBundle(dir);
    if (current && isUsable(current, names)) return current;
    const reusable = reusableCa(dir);
    const ca = reusable ?? createCa();
    const server = issueServerCertificate(ca, names);
    if (!reusable) {
      writeReplacing(dir, CERTIFICATE_FILES.caKey, ca.key, 0o600);
      writeReplacing(dir, CERTIFICATE_FILES.ca, ca.cert);
    }
    writeReplacing(dir, CERTIFICATE_FILES.key, server.key, 0o600);
    writeReplacing(dir, CERTIFICATE_FILES.cert, server.cert);
    return readBundle(dir);
  });
  if (!bundle || !isUsable(bundle, names)) {
    throw new Error(`could not create the emulator certificates in ${dir}`);
  }
  return bundle;
}

function readBundle(dir: string): CertificateBundle | undefined {
  const paths = {
    caPath: join(dir, CERTIFICATE_FILES.ca),
    certPath: join(dir, CERTIFICATE_FILES.cert),
    keyPath: join(dir, CERTIFICATE_FILES.key),
  };
  if (!Object.values(paths).every((p) => existsSync(p))) return undefined;
  try {
    return {
      dir,
      ...paths,
      ca: readFileSync(paths.caPath, 'utf8'),
      cert: readFileSync(paths.certPath, 'utf8'),
      key: readFileSync(paths.keyPath, 'utf8'),
    };
  } catch {
    return undefined;
  }
}

function validFor(cert: X509Certificate, ms: number): boolean {
  return Date.parse(cert.validTo) > Date.now() + ms;
}

function isUsable(bundle: CertificateBundle, names: readonly string[]): boolean {
  try {
    const ca = new X509Certificate(bundle.ca);
    const cert = new X509Certificate(bundle.cert);
    return (
      ca.ca &&
      validFor(ca, RENEW_BEFORE_MS) &&
      validFor(cert, RENEW_BEFORE_MS) &&
      cert.verify(ca.publicKey) &&
      cert.checkPrivateKey(createPrivateKey(bundle.key)) &&
      names.every((name) => certificateCovers(cert, name))
    );
  } catch {
    return false;
  }
}

/** The CA in `dir` when it can sign a new server certificate that it will outlive. */
function reusableCa(dir: string): IssuedCertificate | undefined {
  try {
    const pem = readFileSync(join(dir, CERTIFICATE_FILES.ca), 'utf8');
    const key = readFileSync(join(dir, CERTIFICATE_FILES.caKey), 'utf8');
    const ca = new X509Certificate(pem);
    const usable =
      ca.ca && validFor(ca, SERVER_CERT_LIFETIME_MS) && ca.checkPrivateKey(createPrivateKey(key));
    return usable ? { cert: pem, key } : undefined;
  } catch {
    return undefined;
  }
}

/** Readers see the old file or the new one, never half of one. */
function writeReplacing(dir: string, name: string, content: string, mode?: number): void {
  const temporary = join(dir, `.${name}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  writeFileSync(temporary, content, mode === undefined ? undefined : { mode });
  renameSync(temporary, join(dir, name));
}
