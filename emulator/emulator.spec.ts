import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Emulator, startEmulator } from './index';

/**
 * GET over TLS trusting `ca` only, with Node's own host name check, while `url`'s host (the
 * advertised one) resolves to loopback, where the emulator listens.
 */
function getJson(url: string, ca: string): Promise<Record<string, unknown>> {
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
  };
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca, lookup }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve(JSON.parse(text) as Record<string, unknown>));
      })
      .on('error', reject);
  });
}

describe('startEmulator with certHosts and externalUrl', () => {
  let root: string;
  let emulator: Emulator | undefined;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'emulator-start-'));
  });
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it('advertises https://<host>:<port> and no extra names by default', async () => {
    emulator = await startEmulator({ port: 0, keyDir: null, certDir: join(root, 'certs') });
    expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.caPath).toBe(join(root, 'certs', 'ca.pem'));
    expect('externalUrl' in emulator.options).toBe(false);
    const cert = new X509Certificate(readFileSync(join(root, 'certs', 'server.pem')));
    expect(cert.checkHost('emulator')).toBeUndefined();
  });

  it('advertises the external URL everywhere and covers its host and certHosts', async () => {
    emulator = await startEmulator({
      port: 0,
      keyDir: null,
      certDir: join(root, 'certs'),
      certHosts: ['graph.local'],
      // The port is only advertised; the emulator listens where `port` says.
      externalUrl: 'https://emulator:9443/',
    });
    expect(emulator.url).toBe('https://emulator:9443');
    expect(emulator.options.externalUrl).toBe('https://emulator:9443');
    expect(emulator.knownAuthority).toBe('emulator:9443');
    expect(emulator.serviceEnv()).toMatchObject({
      AZURE_AUTHORITY_HOST: 'https://emulator:9443',
      GRAPH_BASE_URL: 'https://emulator:9443/v1.0',
      NOTIFICATION_OPENID_CONFIG_URL: 'https://emulator:9443/v1/.well-known/OpenIdConfiguration',
    });

    const cert = new X509Certificate(readFileSync(join(root, 'certs', 'server.pem')));
    expect(cert.checkHost('emulator')).toBe('emulator');
    expect(cert.checkHost('graph.local')).toBe('graph.local');

    const port = String(emulator.options.port);
    const ca = readFileSync(emulator.caPath, 'utf8');
    const local = (path: string): string => `https://emulator:${port}${path}`;
    const aad = await getJson(
      local(`/${emulator.tenantId}/v2.0/.well-known/openid-configuration`),
      ca,
    );
    expect(aad.issuer).toBe(`https://emulator:9443/${emulator.tenantId}/v2.0`);
    expect(aad.token_endpoint).toBe(`https://emulator:9443/${emulator.tenantId}/oauth2/v2.0/token`);
    const keys = await getJson(local('/v1/.well-known/OpenIdConfiguration'), ca);
    expect(keys.jwks_uri).toBe('https://emulator:9443/v1/keys');
  });

  it('refuses an external URL that is not an https origin', async () => {
    await expect(
      startEmulator({
        port: 0,
        keyDir: null,
        certDir: join(root, 'certs'),
        externalUrl: 'http://x',
      }),
    ).rejects.toThrow(/externalUrl: must be https/);
  });
});
