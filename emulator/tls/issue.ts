import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

/** A certificate and its private key, both PEM. */
export interface IssuedCertificate {
  cert: string;
  key: string;
}

const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** Under 398 days, the limit clients apply to server certificates. */
export const SERVER_CERT_LIFETIME_MS = 397 * DAY_MS;
const CA_LIFETIME_MS = 10 * 365 * DAY_MS;
// Backdated so that a client whose clock runs a little behind still accepts a fresh certificate.
const BACKDATE_MS = HOUR_MS;

const CA_SUBJECT = [
  { name: 'commonName', value: 'Switchboard Graph Emulator Local CA' },
  { name: 'organizationName', value: 'Switchboard (local development only)' },
];

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

/** What tells one certificate from another; the key pair, serial and validity start are new. */
interface CertificateSpec {
  lifetimeMs: number;
  subject: forge.pki.CertificateField[];
  issuer: forge.pki.CertificateField[];
  extensions: Array<Record<string, unknown>>;
  /** The issuer's key; none: self-signed. */
  signingKey?: forge.pki.rsa.PrivateKey;
}

function issue(spec: CertificateSpec): IssuedCertificate {
  const now = Date.now();
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(now - BACKDATE_MS);
  cert.validity.notAfter = new Date(now + spec.lifetimeMs);
  cert.setSubject(spec.subject);
  cert.setIssuer(spec.issuer);
  cert.setExtensions(spec.extensions);
  cert.sign(spec.signingKey ?? keys.privateKey, forge.md.sha256.create());
  return {
    cert: forge.pki.certificateToPem(cert),
    key: forge.pki.privateKeyToPem(keys.privateKey),
  };
}

export function createCa(): IssuedCertificate {
  return issue({
    lifetimeMs: CA_LIFETIME_MS,
    subject: CA_SUBJECT,
    issuer: CA_SUBJECT,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ],
  });
}

/** A server certificate for `names` (DNS names and IP addresses), signed by `ca`. */
export function issueServerCertificate(
  ca: IssuedCertificate,
  names: readonly string[],
): IssuedCertificate {
  const caCert = forge.pki.certificateFromPem(ca.cert);
  return issue({
    lifetimeMs: SERVER_CERT_LIFETIME_MS,
    subject: [{ name: 'commonName', value: 'localhost' }],
    issuer: caCert.subject.attributes,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: names.map((name) =>
          isIP(name) !== 0 ? { type: 7, ip: name } : { type: 2, value: name },
        ),
      },
      { name: 'subjectKeyIdentifier' },
      {
        name: 'authorityKeyIdentifier',
        keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes(),
      },
    ],
    signingKey: forge.pki.privateKeyFromPem(ca.key),
  });
}
