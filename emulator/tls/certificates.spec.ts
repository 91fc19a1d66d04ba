import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { ensureCertificates } from './certificates';

describe('ensureCertificates', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'emulator-certs-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

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
    expect(ensureCertificates(dir).cert).toBe(first.cert);
  });

  it('gives concurrent processes one consistent bundle', () => {
    const dir = join(root, 'certs');
    const cli = resolve(__dirname, '..', 'ensure-certs.ts');
    const script = Array.from({ length: 3 }, () => `npx tsx ${cli} ${dir} &`).join(' ') + ' wait';
    execFileSync('bash', ['-c', script], { stdio: 'pipe' });
    const bundle = ensureCertificates(dir);
    expect(new X509Certificate(bundle.cert).verify(new X509Certificate(bundle.ca).publicKey)).toBe(
      true,
    );
    expect(readdirSync(root)).toEqual(['certs']);
  }, 60_000);
});
