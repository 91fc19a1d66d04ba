import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigFileError } from './config.errors';
import { loadRawConfig } from './config.loader';
import { configLayers, packageConfigDir, profileFromEnv, sourceFromEnv } from './config.source';

const REPO_CONFIG = resolve(__dirname, '..', '..', 'config');

describe('profileFromEnv', () => {
  it.each([
    [undefined, 'development'],
    ['', 'development'],
    ['development', 'development'],
    ['test', 'test'],
    ['production', 'production'],
  ])('NODE_ENV=%s is the %s profile', (value, profile) => {
    expect(profileFromEnv({ NODE_ENV: value })).toBe(profile);
  });

  it('refuses an unknown profile, listing the ones there are', () => {
    expect(() => profileFromEnv({ NODE_ENV: 'staging' })).toThrow(ConfigFileError);
    expect(() => profileFromEnv({ NODE_ENV: 'staging' })).toThrow(
      'NODE_ENV=staging is not a profile; use one of development, test, production',
    );
  });
});

describe('packageConfigDir', () => {
  it("is the package's own config/ from any folder inside it, whatever the working directory", () => {
    expect(packageConfigDir(__dirname)).toBe(REPO_CONFIG);
    expect(packageConfigDir(resolve(REPO_CONFIG, '..', '.test-dist', 'dist-x', 'config'))).toBe(
      REPO_CONFIG,
    );
  });
});

describe('sourceFromEnv', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'switchboard-source-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the built-in defaults, CONFIG_DIR layered over them', () => {
    const source = sourceFromEnv({ CONFIG_DIR: dir });
    expect(source).toMatchObject({ configDir: REPO_CONFIG, overlayDir: dir, readLocal: true });
  });

  it('refuses a CONFIG_DIR that does not exist', () => {
    expect(() => sourceFromEnv({ CONFIG_DIR: join(dir, 'missing') })).toThrow(
      /^CONFIG_DIR=.*missing: no such folder$/,
    );
  });

  it.each([
    [{ NODE_ENV: 'production' }, false],
    [{ NODE_ENV: 'production', CONFIG_LOCAL: 'true' }, true],
    [{ NODE_ENV: 'development', CONFIG_LOCAL: 'false' }, false],
    [{ NODE_ENV: 'test' }, true],
  ])('%j reads local.yaml: %s', (env, readLocal) => {
    expect(sourceFromEnv(env).readLocal).toBe(readLocal);
  });

  it('refuses a CONFIG_LOCAL that is not a boolean', () => {
    expect(() => sourceFromEnv({ CONFIG_LOCAL: 'yes please' })).toThrow(/CONFIG_LOCAL/);
  });
});

describe('configLayers', () => {
  let builtIn: string;
  let overlay: string;
  const write = (folder: string, name: string, text: string): void =>
    writeFileSync(join(folder, name), text);
  const port = (source: Parameters<typeof loadRawConfig>[0]): unknown =>
    (loadRawConfig(source) as { server: { port: unknown } }).server.port;

  beforeEach(() => {
    const root = mkdtempSync(join(tmpdir(), 'switchboard-layers-'));
    [builtIn, overlay] = [join(root, 'built-in'), join(root, 'mounted')];
    mkdirSync(builtIn);
    mkdirSync(overlay);
    write(builtIn, 'default.yaml', 'server:\n  port: 1\n  host: built-in\n');
  });
  afterEach(() => rmSync(join(builtIn, '..'), { recursive: true, force: true }));

  it('needs nothing in CONFIG_DIR: a folder with only local.yaml adds to the defaults', () => {
    write(overlay, 'local.yaml', 'server:\n  port: 5\n');
    const raw = loadRawConfig({
      configDir: builtIn,
      overlayDir: overlay,
      profile: 'test',
      env: {},
    });
    expect(raw).toEqual({ server: { port: 5, host: 'built-in' } });
  });

  it('orders built-in default, built-in profile, CONFIG_DIR default, CONFIG_DIR profile, local', () => {
    const source = { configDir: builtIn, overlayDir: overlay, profile: 'production', env: {} };
    write(builtIn, 'production.yaml', 'server:\n  port: 2\n');
    expect(port(source)).toBe(2);
    write(overlay, 'default.yaml', 'server:\n  port: 3\n');
    expect(port(source)).toBe(3);
    write(overlay, 'production.yaml', 'server:\n  port: 4\n');
    expect(port(source)).toBe(4);
    write(overlay, 'local.yaml', 'server:\n  port: 5\n');
    expect(port({ ...source, readLocal: true })).toBe(5);
    expect(port({ ...source, env: { PORT: '6' } })).toBe(6);
  });

  it('does not read local.yaml in production unless asked, and says which file it skipped', () => {
    write(builtIn, 'local.yaml', 'server:\n  port: 9\n');
    const source = { configDir: builtIn, profile: 'production', env: {} };
    expect(port(source)).toBe(1);
    expect(configLayers(source).ignoredLocal).toBe(join(builtIn, 'local.yaml'));
    expect(port({ ...source, readLocal: true })).toBe(9);
  });

  it("reads CONFIG_DIR's local.yaml, never the built-in one, when CONFIG_DIR is set", () => {
    write(builtIn, 'local.yaml', 'server:\n  port: 9\n');
    const source = { configDir: builtIn, overlayDir: overlay, profile: 'development', env: {} };
    expect(port(source)).toBe(1);
    expect(configLayers(source).files.map((f) => f.path)).not.toContain(
      join(builtIn, 'local.yaml'),
    );
  });
});
