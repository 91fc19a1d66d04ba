import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import forge from 'node-forge';

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

const FILES = { ca: 'ca.pem', caKey: 'ca-key.pem', cert: 'server.pem', key: 'server-key.pem' };
const SERVER_NAMES = { dns: ['localhost'], ip: ['127.0.0.1', '::1'] };
/** Regenerate a little before expiry so that a long test run never meets an expired certificate. */
const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;

/**
 * Returns the CA and server certificate in `dir`, creating them when missing, expired or not
 * covering 127.0.0.1/localhost/::1. Safe to call from several processes at once: everything is
 * generated in a private folder that is then renamed into place in one step, so a reader sees
 * either no folder or a complete, consistent one (the CA always matches the server certificate).
 */
export function ensureCertificates(dir: string): CertificateBundle {
  const existing = readBundle(dir);
  if (existing && isUsable(existing)) return existing;

  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const staging = join(parent, `.certs-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(staging);
  try {
    writeGenerated(staging);
    if (existing) {
      // A stale bundle is moved aside first; rename cannot replace a non-empty folder.
      const retired = join(parent, `.certs-old-${process.pid}-${randomBytes(4).toString('hex')}`);
      try {
        renameSync(dir, retired);
        rmSync(retired, { recursive: true, force: true });
      } catch {
        // Another process retired it already.
      }
    }
    try {
      renameSync(staging, dir);
    } catch {
      // Another process won the race: its bundle is as good as ours.
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const bundle = readBundle(dir);
  if (!bundle) throw new Error(`could not create the emulator certificates in ${dir}`);
  return bundle;
}

function readBundle(dir: string): CertificateBundle | undefined {
  const paths = {
    caPath: join(dir, FILES.ca),
    certPath: join(dir, FILES.cert),
    keyPath: join(dir, FILES.key),
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

function isUsable(bundle: CertificateBundle): boolean {
  try {
    const ca = forge.pki.certificateFromPem(bundle.ca);
    const cert = forge.pki.certificateFromPem(bundle.cert);
    const renewAt = Date.now() + RENEW_BEFORE_MS;
    if (ca.validity.notAfter.getTime() < renewAt || cert.validity.notAfter.getTime() < renewAt) {
      return false;
    }
    if (!ca.verify(cert)) return false;
    const san: unknown = cert.getExtension('subjectAltName');
    const altNames =
      typeof san === 'object' && san !== null && 'altNames' in san && Array.isArray(san.altNames)
        ? (san.altNames as Array<{ value?: string; ip?: string }>)
        : [];
    const names = new Set(altNames.map((n) => n.ip ?? n.value ?? ''));
    return [...SERVER_NAMES.dns, '127.0.0.1'].every((n) => names.has(n));
  } catch {
    return false;
  }
}

function newKeyPair(): {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
} {
  // Node's native generator is far faster than forge's pure-JS one; forge only signs.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem);
  return {
    privateKey: forgeKey,
    publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e),
  };
}

function serialNumber(): string {
  // Positive (leading bit clear) as X.509 requires.
  const bytes = randomBytes(16);
  bytes[0] = bytes[0] & 0x7f;
  return bytes.toString('hex');
}

function writeGenerated(dir: string): void {
  const now = new Date();
  const caKeys = newKeyPair();
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = serialNumber();
  ca.validity.notBefore = new Date(now.getTime() - 3600 * 1000);
  ca.validity.notAfter = new Date(now.getTime() + 10 * 365 * 24 * 3600 * 1000);
  const caSubject = [
    { name: 'commonName', value: 'Switchboard Graph Emulator Local CA' },
    { name: 'organizationName', value: 'Switchboard (local development only)' },
  ];
  ca.setSubject(caSubject);
  ca.setIssuer(caSubject);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const serverKeys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = serverKeys.publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(now.getTime() - 3600 * 1000);
  // Under 398 days, the limit clients apply to server certificates.
  cert.validity.notAfter = new Date(now.getTime() + 397 * 24 * 3600 * 1000);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(caSubject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        ...SERVER_NAMES.dns.map((value) => ({ type: 2, value })),
        ...SERVER_NAMES.ip.map((ip) => ({ type: 7, ip })),
      ],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKeys.privateKey, forge.md.sha256.create());

  writeFileSync(join(dir, FILES.ca), forge.pki.certificateToPem(ca));
  writeFileSync(join(dir, FILES.caKey), forge.pki.privateKeyToPem(caKeys.privateKey), {
    mode: 0o600,
  });
  writeFileSync(join(dir, FILES.cert), forge.pki.certificateToPem(cert));
  writeFileSync(join(dir, FILES.key), forge.pki.privateKeyToPem(serverKeys.privateKey), {
    mode: 0o600,
  });
}
