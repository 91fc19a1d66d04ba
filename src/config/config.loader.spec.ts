import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigFileError } from './config.errors';
import { deepMerge, environmentLayer, loadRawConfig } from './config.loader';

describe('loadRawConfig', () => {
  let dir: string;

  const write = (name: string, text: string): void => writeFileSync(join(dir, name), text);
  const load = (env: NodeJS.ProcessEnv = {}, profile = 'test') =>
    loadRawConfig({ configDir: dir, profile, env }) as {
      server: { port: number; host: string; bodyLimitBytes?: number };
      logging?: { level: string };
      notification?: { issuers: string[] };
    };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-config-'));
    write('default.yaml', 'server:\n  port: 1\n  host: default-host\n  bodyLimitBytes: 10\n');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads default.yaml alone', () => {
    expect(load().server).toEqual({ port: 1, host: 'default-host', bodyLimitBytes: 10 });
  });

  it('lets the profile file override default.yaml, key by key', () => {
    write('test.yaml', 'server:\n  port: 2\n');
    expect(load().server).toEqual({ port: 2, host: 'default-host', bodyLimitBytes: 10 });
  });

  it('ignores the files of other profiles', () => {
    write('production.yaml', 'server:\n  port: 9\n');
    expect(load().server.port).toBe(1);
  });

  it('lets local.yaml override the profile file', () => {
    write('test.yaml', 'server:\n  port: 2\n  host: profile-host\n');
    write('local.yaml', 'server:\n  port: 3\n');
    expect(load().server).toEqual({ port: 3, host: 'profile-host', bodyLimitBytes: 10 });
  });

  it('lets the environment override every file', () => {
    write('test.yaml', 'server:\n  port: 2\n');
    write('local.yaml', 'server:\n  port: 3\n  host: local-host\n');
    expect(load({ PORT: '4' }).server).toEqual({
      port: 4,
      host: 'local-host',
      bodyLimitBytes: 10,
    });
  });

  it('ignores empty environment variables', () => {
    expect(load({ PORT: '' }).server.port).toBe(1);
  });

  it('passes a non-numeric number through as text, for validation to name', () => {
    expect(load({ PORT: 'abc' }).server.port).toBe('abc');
  });

  it('splits comma-separated variables', () => {
    expect(load({ NOTIFICATION_ISSUERS: 'https://a, https://b,,' }).notification?.issuers).toEqual([
      'https://a',
      'https://b',
    ]);
  });

  it('refuses a missing default.yaml', () => {
    rmSync(join(dir, 'default.yaml'));
    expect(() => load()).toThrow(ConfigFileError);
  });

  it('refuses a file that is not YAML', () => {
    write('local.yaml', 'server: [unclosed\n');
    expect(() => load()).toThrow(/local\.yaml/);
  });

  it('refuses a file that is not a mapping', () => {
    write('local.yaml', '- a\n- b\n');
    expect(() => load()).toThrow(/must hold a YAML mapping/);
  });
});

describe('deepMerge', () => {
  it('replaces arrays instead of concatenating them', () => {
    expect(deepMerge({ a: [1, 2], b: { c: 1 } }, { a: [3] })).toEqual({ a: [3], b: { c: 1 } });
  });

  it('does not mutate its inputs', () => {
    const base = { a: { b: 1 } };
    deepMerge(base, { a: { b: 2 } });
    expect(base).toEqual({ a: { b: 1 } });
  });
});

describe('environmentLayer', () => {
  it('maps every contract variable to its key', () => {
    expect(
      environmentLayer({
        STORE_DRIVER: 'redis',
        OPERATOR_API_KEYS: 'k1,k2',
        POLICY_RECORDING_PARTICIPANT_CAPACITY: '3',
        LOG_LEVEL: 'debug',
      }),
    ).toEqual({
      store: { driver: 'redis' },
      operator: { apiKeys: ['k1', 'k2'] },
      policyRecording: { participantCapacity: 3 },
      logging: { level: 'debug' },
    });
  });
});
