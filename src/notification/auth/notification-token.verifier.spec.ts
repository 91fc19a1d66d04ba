import { Test } from '@nestjs/testing';
import {
  azureConfig,
  AzureConfigType,
  notificationConfig,
  NotificationConfigType,
} from '../../config';
import { ReadinessService } from '../../health';
import { TestKeyServer } from '../../../test/support/signing-keys';
import { notificationSettings } from '../notification.testing';
import { NOTIFICATION_KEYS_FETCH, NotificationKeysService } from './notification-keys.service';
import { NotificationTokenVerifier } from './notification-token.verifier';

describe('NotificationTokenVerifier', () => {
  let keyServer: TestKeyServer;
  let keys: NotificationKeysService;
  let sut: NotificationTokenVerifier;

  async function start(
    notification: Partial<NotificationConfigType> = {},
    azure: Partial<AzureConfigType> = {},
  ): Promise<void> {
    const moduleRef = await Test.createTestingModule({
      providers: [
        NotificationTokenVerifier,
        NotificationKeysService,
        ReadinessService,
        { provide: NOTIFICATION_KEYS_FETCH, useValue: keyServer.fetch },
        { provide: notificationConfig.KEY, useValue: notificationSettings(notification) },
        {
          provide: azureConfig.KEY,
          useValue: { cloud: 'global', clientId: 'test-client-id', tenantId: 't', ...azure },
        },
      ],
    }).compile();
    keys = moduleRef.get(NotificationKeysService);
    keys.onModuleInit();
    await keys.settled();
    sut = moduleRef.get(NotificationTokenVerifier);
  }

  const now = (): number => Math.floor(Date.now() / 1000);

  beforeEach(async () => {
    keyServer = await TestKeyServer.create();
  });

  afterEach(() => keys?.onModuleDestroy());

  it('accepts a valid token and returns its tenant', async () => {
    await start();
    await expect(sut.verify(`Bearer ${await keyServer.sign()}`)).resolves.toEqual({
      ok: true,
      tenantId: 'test-tenant-id',
    });
  });

  it('accepts both default issuers of the global cloud, an audience array and a cty header', async () => {
    await start();
    for (const claims of [
      { iss: 'https://graph.microsoft.com' },
      { iss: 'https://api.botframework.com' },
      { aud: ['other', 'test-client-id'] },
    ]) {
      await expect(sut.verify(`Bearer ${await keyServer.sign(claims)}`)).resolves.toEqual(
        expect.objectContaining({ ok: true }),
      );
    }
    const withCty = await keyServer.sign({}, { header: { cty: 'JWT' } });
    await expect(sut.verify(`bearer ${withCty}`)).resolves.toEqual(
      expect.objectContaining({ ok: true }),
    );
  });

  it('matches the app id whatever its case, as GUIDs are', async () => {
    await start({}, { clientId: 'A1B2C3D4-0000-4000-8000-00000000ABCD' });
    const token = await keyServer.sign({ aud: 'a1b2c3d4-0000-4000-8000-00000000abcd' });
    await expect(sut.verify(`Bearer ${token}`)).resolves.toEqual(
      expect.objectContaining({ ok: true }),
    );
  });

  it.each([
    [undefined, 'missing bearer token'],
    ['', 'missing bearer token'],
    ['Basic abc', 'missing bearer token'],
    ['Bearer', 'missing bearer token'],
    ['Bearer not.a.token', 'malformed token'],
    ['Bearer a.b', 'malformed token'],
  ])('refuses the header %j', async (header, reason) => {
    await start();
    await expect(sut.verify(header)).resolves.toEqual({ ok: false, reason });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a wrong audience', { aud: 'someone-else' }, 'aud claim rejected'],
    ['a wrong issuer', { iss: 'https://evil.example' }, 'iss claim rejected'],
    ['an expired token', { exp: Math.floor(Date.now() / 1000) - 301 }, 'token expired'],
    ['a token not yet valid', { nbf: Math.floor(Date.now() / 1000) + 400 }, 'nbf claim rejected'],
    ['no exp', { exp: undefined }, 'exp claim missing'],
    ['no tid', { tid: undefined }, 'tid claim missing'],
  ])('refuses %s', async (_name, claims, reason) => {
    await start();
    await expect(sut.verify(`Bearer ${await keyServer.sign(claims)}`)).resolves.toEqual({
      ok: false,
      reason,
    });
  });

  it('tolerates the configured clock skew on exp and nbf', async () => {
    await start({ clockSkewSeconds: 300 });
    const token = await keyServer.sign({ exp: now() - 200, nbf: now() + 200 });
    await expect(sut.verify(`Bearer ${token}`)).resolves.toEqual(
      expect.objectContaining({ ok: true }),
    );
  });

  it('refuses a bad signature, alg none and HS256 (without refetching keys for them)', async () => {
    await start();
    const foreign = await keyServer.sign({}, { key: 'foreign' });
    await expect(sut.verify(`Bearer ${foreign}`)).resolves.toEqual({
      ok: false,
      reason: 'bad signature',
    });
    await expect(sut.verify(`Bearer ${keyServer.unsigned()}`)).resolves.toEqual({
      ok: false,
      reason: 'algorithm not allowed (RS256 only)',
    });
    const hs = await keyServer.hmac(new TextEncoder().encode('x'.repeat(32)));
    await expect(sut.verify(`Bearer ${hs}`)).resolves.toEqual({
      ok: false,
      reason: 'algorithm not allowed (RS256 only)',
    });
    expect(keyServer.jwksFetches).toBe(1);
  });

  it('refuses an unknown kid after its one refetch', async () => {
    await start();
    const token = await keyServer.sign({}, { kid: 'forged', key: 'foreign' });
    await expect(sut.verify(`Bearer ${token}`)).resolves.toEqual({
      ok: false,
      reason: 'unknown signing key',
    });
    expect(keyServer.jwksFetches).toBe(2);
  });

  it('verifies a token without kid against every published key', async () => {
    await start();
    await keyServer.rotate();
    // A token of the new key makes the service refetch, so that it holds two RS256 keys.
    await sut.verify(`Bearer ${await keyServer.sign()}`);
    expect(keyServer.jwksFetches).toBe(2);
    const token = await keyServer.sign({}, { kid: null });
    await expect(sut.verify(`Bearer ${token}`)).resolves.toEqual(
      expect.objectContaining({ ok: true }),
    );
    const foreign = await keyServer.sign({}, { kid: null, key: 'foreign' });
    await expect(sut.verify(`Bearer ${foreign}`)).resolves.toEqual({
      ok: false,
      reason: 'bad signature',
    });
  });

  it('checks the tenant against allowedTenants when set, case-insensitively', async () => {
    await start({ allowedTenants: ['TEST-TENANT-ID'] });
    await expect(sut.verify(`Bearer ${await keyServer.sign()}`)).resolves.toEqual(
      expect.objectContaining({ ok: true }),
    );
    await expect(sut.verify(`Bearer ${await keyServer.sign({ tid: 'other' })}`)).resolves.toEqual({
      ok: false,
      reason: 'tenant not allowed',
    });
  });

  it('uses configured issuers instead of the cloud defaults', async () => {
    await start({ issuers: ['https://emulator.test'] });
    await expect(sut.verify(`Bearer ${await keyServer.sign()}`)).resolves.toEqual({
      ok: false,
      reason: 'iss claim rejected',
    });
    await expect(
      sut.verify(`Bearer ${await keyServer.sign({ iss: 'https://emulator.test' })}`),
    ).resolves.toEqual(expect.objectContaining({ ok: true }));
  });

  it('refuses everything when no client id is configured', async () => {
    await start({}, { clientId: null });
    await expect(sut.verify(`Bearer ${await keyServer.sign()}`)).resolves.toEqual({
      ok: false,
      reason: 'azure.clientId is not configured',
    });
  });
});
