import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfidentialClientApplication } from '@azure/msal-node';
import type { AzureConfigType } from '../config';
import { createMsalClient as sut } from './msal-client.factory';

const base = (overrides: Partial<AzureConfigType> = {}): AzureConfigType => ({
  cloud: 'global',
  tenantId: 'tenant-1',
  clientId: 'client-1',
  clientSecret: 'secret',
  certificateKeyFile: null,
  certificateThumbprint: null,
  authorityHost: null,
  ...overrides,
});

/** msal keeps its resolved configuration here; read only to check what we handed it. */
function authOf(client: unknown): { authority: string; knownAuthorities: string[] } {
  return (client as { config: { auth: { authority: string; knownAuthorities: string[] } } }).config
    .auth;
}

describe('createMsalClient', () => {
  it('names the missing credentials instead of throwing', () => {
    expect(sut(base({ tenantId: null, clientId: null }))).toEqual({
      client: null,
      reason: 'credentials missing: AZURE_TENANT_ID, AZURE_CLIENT_ID',
    });
    expect(sut(base({ clientSecret: null })).reason).toBe(
      'credentials missing: AZURE_CLIENT_SECRET (or azure.certificateKeyFile)',
    );
  });

  it('uses the cloud login host and the tenant as authority', () => {
    const { client } = sut(base({ cloud: 'usgov' }));
    expect(client).toBeInstanceOf(ConfidentialClientApplication);
    expect(authOf(client).authority).toBe('https://login.microsoftonline.us/tenant-1');
    expect(authOf(client).knownAuthorities).toEqual([]);
  });

  it('declares AZURE_AUTHORITY_HOST a known authority', () => {
    const { client } = sut(base({ authorityHost: 'https://127.0.0.1:8443' }));
    expect(authOf(client).authority).toBe('https://127.0.0.1:8443/tenant-1');
    expect(authOf(client).knownAuthorities).toEqual(['127.0.0.1:8443']);
  });

  it('accepts a certificate key in PKCS#1 or PKCS#8', () => {
    const dir = mkdtempSync(join(tmpdir(), 'msal-'));
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    for (const type of ['pkcs1', 'pkcs8'] as const) {
      const file = join(dir, `${type}.pem`);
      writeFileSync(file, privateKey.export({ format: 'pem', type }));
      const provision = sut(
        base({ clientSecret: null, certificateKeyFile: file, certificateThumbprint: 'AB:CD:EF' }),
      );
      expect(provision.client).toBeInstanceOf(ConfidentialClientApplication);
    }
  });

  it('reports an unreadable certificate key', () => {
    const provision = sut(
      base({ certificateKeyFile: '/nonexistent/key.pem', certificateThumbprint: 'ab' }),
    );
    expect(provision.client).toBeNull();
    expect(provision.reason).toMatch(/^cannot read azure.certificateKeyFile: /);
  });
});
