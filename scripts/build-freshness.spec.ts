import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { staleBuildReason } from './build-freshness';

describe('staleBuildReason', () => {
  let root: string;
  /** Writes a file dated `secondsAgo` in the past. */
  const file = (path: string, secondsAgo: number): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), '');
    const when = Date.now() / 1000 - secondsAgo;
    utimesSync(join(root, path), when, when);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'switchboard-build-'));
    file('src/main.ts', 300);
    file('src/calls/call.service.ts', 300);
    file('tsconfig.json', 300);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('asks for a build when there is none', () => {
    expect(staleBuildReason(root)).toBe('dist/main.js does not exist');
  });

  it('is up to date when dist/ is newer than every input', () => {
    file('dist/main.js', 100);
    expect(staleBuildReason(root)).toBeUndefined();
  });

  it('names a source changed since the build, however deep', () => {
    file('dist/main.js', 100);
    file('src/calls/call.service.ts', 10);
    expect(staleBuildReason(root)).toBe('src/calls/call.service.ts changed after the last build');
  });

  it('rebuilds for a changed compiler setting', () => {
    file('dist/main.js', 100);
    file('tsconfig.json', 10);
    expect(staleBuildReason(root)).toMatch(/^tsconfig\.json changed/);
  });

  it('ignores tests, which the build leaves out', () => {
    file('dist/main.js', 100);
    file('src/calls/call.service.spec.ts', 10);
    file('src/store/call-store.contract.ts', 10);
    expect(staleBuildReason(root)).toBeUndefined();
  });
});
