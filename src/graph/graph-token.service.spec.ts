import { Test, TestingModule } from '@nestjs/testing';
import type { AuthenticationResult, ClientCredentialRequest } from '@azure/msal-node';
import { azureConfig, graphConfig } from '../config';
import { ReadinessService } from '../health/readiness.service';
import { MSAL_CLIENT } from './graph.constants';
import { GraphTokenUnavailableError } from './graph-token.source';
import { GraphTokenService } from './graph-token.service';
import type { MsalClient, MsalClientProvision } from './msal-client.factory';

const HOUR = 3_600_000;
const AHEAD = 300_000;

function result(accessToken: string, lifetimeMs = HOUR): AuthenticationResult {
  return { accessToken, expiresOn: new Date(Date.now() + lifetimeMs) } as AuthenticationResult;
}

/** A stand-in for msal: each call waits for the test to settle it. */
class StubMsal implements MsalClient {
  readonly requests: ClientCredentialRequest[] = [];
  private readonly pending: Array<{
    resolve: (r: AuthenticationResult) => void;
    reject: (e: Error) => void;
  }> = [];

  acquireTokenByClientCredential(request: ClientCredentialRequest): Promise<AuthenticationResult> {
    this.requests.push(request);
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }

  async succeed(token: string, lifetimeMs?: number): Promise<void> {
    this.pending.shift()!.resolve(result(token, lifetimeMs));
    await jest.advanceTimersByTimeAsync(0);
  }

  async fail(message: string): Promise<void> {
    this.pending.shift()!.reject(new Error(message));
    await jest.advanceTimersByTimeAsync(0);
  }
}

describe('GraphTokenService', () => {
  let msal: StubMsal;
  let moduleRef: TestingModule;
  let sut: GraphTokenService;
  let readiness: ReadinessService;

  async function start(provision: MsalClientProvision): Promise<void> {
    moduleRef = await Test.createTestingModule({
      providers: [
        GraphTokenService,
        ReadinessService,
        { provide: MSAL_CLIENT, useValue: provision },
        { provide: azureConfig.KEY, useValue: { cloud: 'usgov' } },
        {
          provide: graphConfig.KEY,
          useValue: {
            tokenRefreshAheadMs: AHEAD,
            tokenTimeoutMs: 10_000,
            tokenRetry: { baseDelayMs: 1000, maxDelayMs: 60_000 },
          },
        },
      ],
    }).compile();
    await moduleRef.init();
    sut = moduleRef.get(GraphTokenService);
    readiness = moduleRef.get(ReadinessService);
  }

  const tokenCheck = async (): Promise<string> => (await readiness.report()).checks.graphToken;

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    msal = new StubMsal();
  });

  afterEach(async () => {
    await moduleRef.close();
    jest.useRealTimers();
  });

  it('starts fetching at start-up without waiting for Azure AD', async () => {
    await start({ client: msal });

    expect(msal.requests).toEqual([
      { scopes: ['https://graph.microsoft.us/.default'], skipCache: true },
    ]);
    expect(await tokenCheck()).toBe('no Graph token yet');

    await msal.succeed('t1');
    expect(await tokenCheck()).toBe('ok');
  });

  it('hands out the cached token without asking msal again', async () => {
    await start({ client: msal });
    await msal.succeed('t1');

    await expect(sut.getToken()).resolves.toBe('t1');
    await expect(sut.getToken()).resolves.toBe('t1');
    expect(msal.requests).toHaveLength(1);
  });

  it('lets a caller wait for the first token', async () => {
    await start({ client: msal });
    const waiting = sut.getToken();
    await msal.succeed('t1');
    await expect(waiting).resolves.toBe('t1');
    expect(msal.requests).toHaveLength(1);
  });

  it('stops waiting when the caller aborts', async () => {
    await start({ client: msal });
    const controller = new AbortController();
    const waiting = sut.getToken(controller.signal);
    controller.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
  });

  it('renews the token in the background ahead of its expiry', async () => {
    await start({ client: msal });
    await msal.succeed('t1');

    await jest.advanceTimersByTimeAsync(HOUR - AHEAD - 1000);
    expect(msal.requests).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1000);
    expect(msal.requests).toHaveLength(2);
    expect(msal.requests[1].skipCache).toBe(true);

    // The old token is still served while the new one is on its way.
    await expect(sut.getToken()).resolves.toBe('t1');
    await msal.succeed('t2');
    await expect(sut.getToken()).resolves.toBe('t2');
  });

  it('renews a token shorter-lived than the lead time at half its life', async () => {
    await start({ client: msal });
    await msal.succeed('short', 60_000);
    await jest.advanceTimersByTimeAsync(29_000);
    expect(msal.requests).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1000);
    expect(msal.requests).toHaveLength(2);
  });

  it('retries with backoff while Azure AD fails, and readiness says why', async () => {
    await start({ client: msal });
    await msal.fail('AADSTS7000215: Invalid client secret provided.');

    // Azure AD's own message stays in the logs: readiness names the check's reason only.
    expect(await tokenCheck()).toBe('no Graph token (retrying)');
    // The first retry comes after 500 to 1000 ms (1 s base, equal jitter).
    await jest.advanceTimersByTimeAsync(400);
    expect(msal.requests).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(600);
    expect(msal.requests).toHaveLength(2);
    await msal.fail('still down');

    await jest.advanceTimersByTimeAsync(2000);
    expect(msal.requests).toHaveLength(3);
    await msal.succeed('t1');
    expect(await tokenCheck()).toBe('ok');
  });

  it('fails callers fast right after a failure, then lets one try again', async () => {
    await start({ client: msal });
    await msal.fail('AADSTS90002: Tenant not found.');

    await expect(sut.getToken()).rejects.toThrow('AADSTS90002: Tenant not found.');
    expect(msal.requests).toHaveLength(1);

    jest.setSystemTime(Date.now() + 1000);
    const waiting = sut.getToken();
    expect(msal.requests).toHaveLength(2);
    await msal.succeed('t1');
    await expect(waiting).resolves.toBe('t1');
  });

  it('gives up on a token request that hangs and tries again', async () => {
    await start({ client: msal });
    await jest.advanceTimersByTimeAsync(10_000);
    expect(await tokenCheck()).toBe('no Graph token (retrying)');
    await jest.advanceTimersByTimeAsync(1000);
    expect(msal.requests).toHaveLength(2);
  });

  it('drops the token Graph refused and fetches a new one', async () => {
    await start({ client: msal });
    await msal.succeed('t1');

    sut.invalidate('stale-token-from-before');
    await expect(sut.getToken()).resolves.toBe('t1');

    sut.invalidate('t1');
    expect(await tokenCheck()).not.toBe('ok');
    expect(msal.requests).toHaveLength(2);
    const waiting = sut.getToken();
    await msal.succeed('t2');
    await expect(waiting).resolves.toBe('t2');
    expect(msal.requests).toHaveLength(2);
  });

  it('says so when credentials are missing, and nothing crashes', async () => {
    await start({ client: null, reason: 'credentials missing: AZURE_TENANT_ID' });

    expect(await tokenCheck()).toBe('credentials missing');
    await expect(sut.getToken()).rejects.toBeInstanceOf(GraphTokenUnavailableError);
  });

  it('stops its timers on shutdown', async () => {
    await start({ client: msal });
    await msal.succeed('t1');
    await moduleRef.close();

    await jest.advanceTimersByTimeAsync(2 * HOUR);
    expect(msal.requests).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });
});
