import { Test } from '@nestjs/testing';
import { errors } from 'jose';
import { notificationConfig, NotificationConfigType } from '../../config';
import { ReadinessService } from '../../health';
import { TestKeyServer } from '../../../test/support/signing-keys';
import { notificationSettings } from '../notification.testing';
import { NOTIFICATION_KEYS_FETCH, NotificationKeysService } from './notification-keys.service';

/** `jwksRefetchIntervalMs` of `notificationSettings`. */
const REFETCH_INTERVAL_MS = notificationSettings().jwksRefetchIntervalMs;

function header(kid: string): { alg: string; kid: string } {
  return { alg: 'RS256', kid };
}

const TOKEN = { payload: '', signature: '' };

describe('NotificationKeysService', () => {
  let keyServer: TestKeyServer;
  let readiness: ReadinessService;
  let sut: NotificationKeysService;

  async function start(overrides: Partial<NotificationConfigType> = {}): Promise<void> {
    const moduleRef = await Test.createTestingModule({
      providers: [
        NotificationKeysService,
        ReadinessService,
        { provide: notificationConfig.KEY, useValue: notificationSettings(overrides) },
        { provide: NOTIFICATION_KEYS_FETCH, useValue: keyServer.fetch },
      ],
    }).compile();
    sut = moduleRef.get(NotificationKeysService);
    readiness = moduleRef.get(ReadinessService);
    sut.onModuleInit();
  }

  beforeEach(async () => {
    keyServer = await TestKeyServer.create();
  });

  afterEach(() => {
    sut?.onModuleDestroy();
    jest.restoreAllMocks();
  });

  it('fetches the keys at start-up in the background, and is ready after', async () => {
    await start();
    expect((await readiness.report()).checks.notificationKeys).toBeDefined();
    await expect(sut.settled()).resolves.toBe(true);
    expect(keyServer.jwksFetches).toBe(1);
    expect((await readiness.report()).checks.notificationKeys).toBe('ok');
    await expect(sut.resolveKey(header(keyServer.currentKid), TOKEN)).resolves.toBeDefined();
  });

  it('reports why it is not ready, and retries a failed start-up fetch', async () => {
    keyServer.failWith = 503;
    await start();
    await sut.settled();
    const { ready, checks } = await readiness.report();
    expect(ready).toBe(false);
    expect(checks.notificationKeys).toBe('signing keys not fetched');
    keyServer.failWith = undefined;
    // The first retry comes after a second.
    const deadline = Date.now() + 10_000;
    while (!sut.ready && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await readiness.report()).checks.notificationKeys).toBe('ok');
  });

  it('refuses to resolve any key before it has keys', async () => {
    keyServer.failWith = 500;
    await start();
    await expect(sut.resolveKey(header(keyServer.currentKid), TOKEN)).rejects.toThrow(
      /signing keys not available/,
    );
  });

  it('refetches once for an unknown kid right after start-up (the start-up fetch does not count)', async () => {
    await start();
    await sut.settled();
    const rotated = await keyServer.rotate();
    await expect(sut.resolveKey(header(rotated), TOKEN)).resolves.toBeDefined();
    expect(keyServer.jwksFetches).toBe(2);
  });

  it('refetches at most once per interval, however many unknown kids arrive', async () => {
    let clock = 1_000_000;
    jest.spyOn(performance, 'now').mockImplementation(() => clock);
    await start();
    await sut.settled();
    const attempts = Array.from({ length: 20 }, (_, i) =>
      sut.resolveKey(header(`forged-${i}`), TOKEN).catch((error: unknown) => error),
    );
    const results = await Promise.all(attempts);
    results.forEach((result) => expect(result).toBeInstanceOf(errors.JWKSNoMatchingKey));
    expect(keyServer.jwksFetches).toBe(2);

    // Within the interval: no fetch, even for a kid that now exists.
    const rotated = await keyServer.rotate();
    await expect(sut.resolveKey(header(rotated), TOKEN)).rejects.toBeInstanceOf(
      errors.JWKSNoMatchingKey,
    );
    expect(keyServer.jwksFetches).toBe(2);

    clock += REFETCH_INTERVAL_MS - 1;
    await expect(sut.resolveKey(header(rotated), TOKEN)).rejects.toBeInstanceOf(
      errors.JWKSNoMatchingKey,
    );
    expect(keyServer.jwksFetches).toBe(2);
    clock += 1;
    await expect(sut.resolveKey(header(rotated), TOKEN)).resolves.toBeDefined();
    expect(keyServer.jwksFetches).toBe(3);
  });

  it('stops trusting a key the next fetch no longer publishes', async () => {
    await start();
    await sut.settled();
    const old = keyServer.currentKid;
    const rotated = await keyServer.rotate(true);
    await sut.resolveKey(header(rotated), TOKEN);
    await expect(sut.resolveKey(header(old), TOKEN)).rejects.toBeInstanceOf(
      errors.JWKSNoMatchingKey,
    );
  });

  it('accepts only an https jwks_uri and RS256 signing keys', async () => {
    const plain: typeof fetch = async () => Response.json({ jwks_uri: 'http://keys.test/keys' });
    const moduleRef = await Test.createTestingModule({
      providers: [
        NotificationKeysService,
        ReadinessService,
        { provide: notificationConfig.KEY, useValue: notificationSettings() },
        { provide: NOTIFICATION_KEYS_FETCH, useValue: plain },
      ],
    }).compile();
    sut = moduleRef.get(NotificationKeysService);
    sut.onModuleInit();
    await expect(sut.settled()).resolves.toBe(false);
    expect((await moduleRef.get(ReadinessService).report()).checks.notificationKeys).toBe(
      'signing keys not fetched',
    );
  });
});
