import { execFileSync, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CERTIFICATE_FILES, ensureCertificates } from './certificates';

const DAY_MS = 24 * 3600 * 1000;
const BUNDLE_FILES = Object.values(CERTIFICATE_FILES).sort();

describe('ensureCertificates', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'emulator-certs-'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(root, { recursive: true, force: true });
  });

  const signedBy = (cert: string, ca: string): boolean =>
    new X509Certificate(cert).verify(new X509Certificate(ca).publicKey);

  it('creates a CA and a server certificate for the loopback names, then reuses them', () => {
    const dir = join(root, 'certs');
    const first = ensureCertificates(dir);
    const ca = new X509Certificate(first.ca);
    const server = new X509Certificate(first.cert);
    expect(ca.ca).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkIP('::1')).toBeDefined();
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(first.caPath).toBe(join(dir, 'ca.pem'));
    expect(ensureCertificates(dir).cert).toBe(first.cert);
  });

  it('covers extra host names and addresses besides the loopback ones', () => {
    const bundle = ensureCertificates(join(root, 'certs'), { hosts: ['emulator', '10.1.2.3'] });
    const server = new X509Certificate(bundle.cert);
    expect(server.checkHost('emulator')).toBe('emulator');
    expect(server.checkIP('10.1.2.3')).toBe('10.1.2.3');
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkHost('other')).toBeUndefined();
  });

  it('issues the server certificate again, by the same CA, when a requested name is missing', () => {
    const dir = join(root, 'certs');
    const first = ensureCertificates(dir);
    const second = ensureCertificates(dir, { hosts: ['emulator'] });
    expect(second.ca).toBe(first.ca);
    expect(second.cert).not.toBe(first.cert);
    expect(second.key).not.toBe(first.key);
    expect(signedBy(second.cert, first.ca)).toBe(true);
    expect(new X509Certificate(second.cert).checkHost('emulator')).toBe('emulator');
    // Names already covered, or fewer of them: nothing to do.
    expect(ensureCertificates(dir, { hosts: ['EMULATOR'] }).cert).toBe(second.cert);
    expect(ensureCertificates(dir).cert).toBe(second.cert);
  });

  it('refuses names a certificate cannot carry', () => {
    expect(() => ensureCertificates(join(root, 'certs'), { hosts: ['not a host'] })).toThrow(
      /not a DNS name or IP address/,
    );
  });

  it('keeps the folder itself and writes nothing beside it, as a volume mount point needs', () => {
    const dir = join(root, 'certs');
    mkdirSync(dir);
    const inode = statSync(dir).ino;
    ensureCertificates(dir);
    ensureCertificates(dir, { hosts: ['emulator'] });
    expect(statSync(dir).ino).toBe(inode);
    expect(readdirSync(root)).toEqual(['certs']);
    expect(readdirSync(dir).sort()).toEqual(BUNDLE_FILES);
  });

  it('repairs a server certificate that its CA did not sign, keeping the CA', () => {
    const dir = join(root, 'certs');
    const other = join(root, 'other');
    const original = ensureCertificates(dir);
    ensureCertificates(other);
    copyFileSync(join(other, CERTIFICATE_FILES.cert), join(dir, CERTIFICATE_FILES.cert));
    copyFileSync(join(other, CERTIFICATE_FILES.key), join(dir, CERTIFICATE_FILES.key));
    const repaired = ensureCertificates(dir);
    expect(repaired.ca).toBe(original.ca);
    expect(signedBy(repaired.cert, original.ca)).toBe(true);
  });

  it('renews a server certificate near expiry with the same CA, and a CA near expiry with a new one', () => {
    const dir = join(root, 'certs');
    const first = ensureCertificates(dir);
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 395 * DAY_MS);
    const renewed = ensureCertificates(dir);
    expect(renewed.cert).not.toBe(first.cert);
    expect(renewed.ca).toBe(first.ca);
    jest.spyOn(Date, 'now').mockReturnValue(now + 10 * 365 * DAY_MS - 30 * DAY_MS);
    const fresh = ensureCertificates(dir);
    expect(fresh.ca).not.toBe(first.ca);
    expect(signedBy(fresh.cert, fresh.ca)).toBe(true);
  });

  it('breaks a lock left behind by a process that is gone', () => {
    const dir = join(root, 'certs');
    mkdirSync(dir);
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(dir, '.lock'), String(gone));
    const bundle = ensureCertificates(dir);
    expect(signedBy(bundle.cert, bundle.ca)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(BUNDLE_FILES);
  });

  it('gives concurrent processes one consistent bundle that covers every requested name', () => {
    const dir = join(root, 'certs');
    const cli = resolve(__dirname, '..', 'ensure-certs.ts');
    const runs = [`${dir}`, `${dir} --cert-hosts emulator`, `--cert-dir ${dir}`];
    const script = runs.map((args) => `npx tsx ${cli} ${args} &`).join(' ') + ' wait';
    execFileSync('bash', ['-c', script], { stdio: 'pipe' });
    const bundle = ensureCertificates(dir);
    expect(signedBy(bundle.cert, bundle.ca)).toBe(true);
    expect(new X509Certificate(bundle.cert).checkHost('emulator')).toBe('emulator');
    expect(readdirSync(root)).toEqual(['certs']);
    expect(readdirSync(dir).sort()).toEqual(BUNDLE_FILES);
  }, 60_000);
});
