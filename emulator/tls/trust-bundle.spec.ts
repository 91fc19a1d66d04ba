import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trustBundle } from './trust-bundle';

describe('trustBundle', () => {
  let dir: string;
  let ca: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'trust-bundle-'));
    ca = join(dir, 'ca.pem');
    writeFileSync(ca, 'EMULATOR CA\n');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is the CA itself when nothing else is trusted', () => {
    expect(trustBundle(ca, undefined)).toBe(ca);
    expect(trustBundle(ca, '')).toBe(ca);
    expect(trustBundle(ca, ca)).toBe(ca);
  });

  it('ignores a configured bundle that does not exist', () => {
    expect(trustBundle(ca, join(dir, 'missing.pem'))).toBe(ca);
  });

  it('keeps what the machine already trusts and adds the CA', () => {
    const system = join(dir, 'system.pem');
    writeFileSync(system, 'SYSTEM BUNDLE\n');
    const sut = trustBundle(ca, system);
    expect(sut).not.toBe(ca);
    expect(readFileSync(sut, 'utf8')).toBe('SYSTEM BUNDLE\nEMULATOR CA\n');
    expect(trustBundle(ca, system)).toBe(sut);
  });
});
