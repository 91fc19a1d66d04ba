import { resolve } from 'node:path';
import { parseEmulatorArgs, parseEnsureCertsArgs, usage } from './cli-options';
import { resolveOptions } from './core/options';

describe('parseEmulatorArgs: certificates and external URL', () => {
  it('leaves the defaults alone when none of the new options is given', () => {
    const { options } = parseEmulatorArgs([], {}, {});
    expect(options.certDir).toBeUndefined();
    expect(options.certHosts).toBeUndefined();
    expect(options.externalUrl).toBeUndefined();
    const resolved = resolveOptions(options);
    expect(resolved.certDir).toBe(resolveOptions().certDir);
    expect('certHosts' in resolved).toBe(false);
    expect('externalUrl' in resolved).toBe(false);
  });

  it('reads --cert-dir as an absolute path, the flag winning over EMULATOR_CERT_DIR', () => {
    expect(parseEmulatorArgs(['--cert-dir', 'some/certs'], {}, {}).options.certDir).toBe(
      resolve('some/certs'),
    );
    expect(parseEmulatorArgs([], {}, { EMULATOR_CERT_DIR: '/certs' }).options.certDir).toBe(
      '/certs',
    );
    expect(
      parseEmulatorArgs(['--cert-dir', '/flag'], {}, { EMULATOR_CERT_DIR: '/env' }).options.certDir,
    ).toBe('/flag');
  });

  it('treats a blank environment variable as unset', () => {
    const { options } = parseEmulatorArgs(
      [],
      {},
      { EMULATOR_CERT_DIR: ' ', EMULATOR_CERT_HOSTS: '', EMULATOR_EXTERNAL_URL: '' },
    );
    expect(options.certDir).toBeUndefined();
    expect(options.certHosts).toBeUndefined();
    expect(options.externalUrl).toBeUndefined();
  });

  it('splits --cert-hosts / EMULATOR_CERT_HOSTS on commas, trimmed, lower-cased, deduplicated', () => {
    expect(
      parseEmulatorArgs(['--cert-hosts', ' emulator, Graph.Local,,emulator,10.0.0.7'], {}, {})
        .options.certHosts,
    ).toEqual(['emulator', 'graph.local', '10.0.0.7']);
    expect(
      parseEmulatorArgs([], {}, { EMULATOR_CERT_HOSTS: 'emulator' }).options.certHosts,
    ).toEqual(['emulator']);
  });

  it('refuses host names a certificate cannot carry, naming the flag', () => {
    for (const bad of ['two words', '*.example', 'a..b', '-lead', 'http://emulator']) {
      expect(() => parseEmulatorArgs([`--cert-hosts=${bad}`], {}, {})).toThrow(/^--cert-hosts: /);
    }
  });

  it('accepts an https origin as --external-url and refuses anything else', () => {
    expect(
      parseEmulatorArgs([], {}, { EMULATOR_EXTERNAL_URL: 'https://emulator:8443/' }).options
        .externalUrl,
    ).toBe('https://emulator:8443');
    for (const bad of ['http://emulator:8443', 'https://emulator:8443/v1.0', 'emulator:8443']) {
      expect(() => parseEmulatorArgs(['--external-url', bad], {}, {})).toThrow(/^--external-url: /);
    }
  });

  it('lists the new flags with their variables in --help', () => {
    const text = usage('npm run emulator --');
    expect(text).toContain('--cert-dir');
    expect(text).toContain('[EMULATOR_CERT_DIR]');
    expect(text).toContain('[EMULATOR_CERT_HOSTS]');
    expect(text).toContain('[EMULATOR_EXTERNAL_URL]');
  });
});

describe('parseEnsureCertsArgs', () => {
  it('takes the folder as an argument or --cert-dir, else the default', () => {
    expect(parseEnsureCertsArgs([], '/default')).toEqual({
      dir: '/default',
      hosts: [],
      help: false,
      trustBundle: false,
    });
    expect(parseEnsureCertsArgs(['--trust-bundle'], '/default').trustBundle).toBe(true);
    expect(parseEnsureCertsArgs(['x/certs'], '/default').dir).toBe(resolve('x/certs'));
    expect(parseEnsureCertsArgs(['--cert-dir', '/certs'], '/default').dir).toBe('/certs');
    expect(() => parseEnsureCertsArgs(['a', '--cert-dir', 'b'], '/default')).toThrow(/not both/);
    expect(() => parseEnsureCertsArgs(['a', 'b'], '/default')).toThrow(/at most one/);
  });

  it('reads --cert-hosts', () => {
    expect(parseEnsureCertsArgs(['--cert-hosts', 'emulator,Other'], '/d').hosts).toEqual([
      'emulator',
      'other',
    ]);
    expect(() => parseEnsureCertsArgs(['--cert-hosts', 'no spaces'], '/d')).toThrow(
      /^--cert-hosts: /,
    );
  });

  it('ignores the environment, which is meant for a standalone emulator', () => {
    const saved = { ...process.env };
    try {
      process.env.EMULATOR_CERT_DIR = '/elsewhere';
      process.env.EMULATOR_CERT_HOSTS = 'emulator';
      expect(parseEnsureCertsArgs([], '/default')).toMatchObject({ dir: '/default', hosts: [] });
    } finally {
      process.env = saved;
    }
  });
});
