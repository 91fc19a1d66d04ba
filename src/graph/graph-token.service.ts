import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import type { AuthenticationResult } from '@azure/msal-node';
import { azureConfig, AzureConfigType, graphConfig, GraphConfigType } from '../config';
import { ReadinessService } from '../health/readiness.service';
import { graphScope } from './cloud.table';
import { GRAPH_TOKEN_READINESS_CHECK, MSAL_CLIENT } from './graph.constants';
import { GraphTokenSource, GraphTokenUnavailableError } from './graph-token.source';
import type { MsalClientProvision } from './msal-client.factory';
import { backoffDelay, untilAborted } from './retry.policy';

interface CachedToken {
  readonly accessToken: string;
  readonly expiresAt: number;
  /** Handed out until here, a little before expiry, so a request never leaves with a dying token. */
  readonly usableUntil: number;
  readonly refreshAt: number;
}

/** Used when Azure AD sends no expiry: short, so that the token is renewed early rather than late. */
const FALLBACK_LIFETIME_MS = 5 * 60_000;
/** Largest safety margin before expiry; shorter-lived tokens get a tenth of their lifetime. */
const MAX_USABLE_MARGIN_MS = 30_000;
/** setTimeout's ceiling (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The app-only Graph token (client credentials through msal-node). It is fetched at start-up and
 * renewed `graph.tokenRefreshAheadMs` before it expires, both in the background, so that no call
 * waits for Azure AD inside its deadline; failures are retried with backoff and shown by the
 * `graphToken` readiness check. msal's own cache is bypassed (`skipCache`): this service holds the
 * one token and decides when to renew it, which a 401 must be able to override.
 */
@Injectable()
export class GraphTokenService
  implements GraphTokenSource, OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(GraphTokenService.name);
  private readonly scope: string;
  private current: CachedToken | undefined;
  private inflight: Promise<CachedToken> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private lastError: string | undefined;
  private lastFailureAt = 0;
  private stopped = false;

  constructor(
    @Inject(MSAL_CLIENT) private readonly msal: MsalClientProvision,
    @Inject(azureConfig.KEY) azure: AzureConfigType,
    @Inject(graphConfig.KEY) private readonly graph: GraphConfigType,
    private readonly readiness: ReadinessService,
  ) {
    this.scope = graphScope(azure.cloud);
  }

  onModuleInit(): void {
    this.readiness.register({
      name: GRAPH_TOKEN_READINESS_CHECK,
      check: () => this.readinessStatus(),
    });
  }

  /** Starts the first fetch without awaiting it: start-up never waits for Azure AD. */
  onApplicationBootstrap(): void {
    if (this.msal.client) {
      this.acquire().catch(() => undefined);
    } else {
      this.logger.warn(
        { reason: this.msal.reason },
        'no Graph credentials: Graph requests will fail',
      );
    }
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  cachedToken(): string | undefined {
    const token = this.current;
    return token && Date.now() < token.usableUntil ? token.accessToken : undefined;
  }

  async getToken(signal?: AbortSignal): Promise<string> {
    const cached = this.cachedToken();
    if (cached !== undefined) return cached;
    if (!this.msal.client) throw new GraphTokenUnavailableError(this.msal.reason);
    // While Azure AD is failing, calls must not turn into a stream of token requests: between the
    // background retries, a caller may start one of its own at most once per base delay.
    if (
      !this.inflight &&
      this.lastError &&
      Date.now() - this.lastFailureAt < this.graph.tokenRetry.baseDelayMs
    ) {
      throw new GraphTokenUnavailableError(this.lastError);
    }
    const fresh = await untilAborted(this.acquire(), signal);
    return fresh.accessToken;
  }

  invalidate(rejectedToken?: string): void {
    if (!this.current) return;
    if (rejectedToken !== undefined && rejectedToken !== this.current.accessToken) return;
    this.current = undefined;
    this.logger.warn('Graph refused the token; fetching a new one');
    // At once, not at the next call: readiness must not stay red until traffic arrives.
    if (this.msal.client) this.acquire().catch(() => undefined);
  }

  /** True once a usable token is in hand. */
  get hasToken(): boolean {
    return this.current !== undefined && Date.now() < this.current.usableUntil;
  }

  private readinessStatus(): true | string {
    if (!this.msal.client) return this.msal.reason;
    if (this.hasToken) return true;
    if (this.lastError) return `no Graph token (retrying): ${this.lastError}`;
    return 'no Graph token yet: acquiring';
  }

  /** One fetch at a time, shared by the background timer and any caller that finds no token. */
  private acquire(): Promise<CachedToken> {
    this.inflight ??= this.fetchToken().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async fetchToken(): Promise<CachedToken> {
    clearTimeout(this.timer);
    const client = this.msal.client!;
    try {
      const result = await withTimeout(
        client.acquireTokenByClientCredential({ scopes: [this.scope], skipCache: true }),
        this.graph.tokenTimeoutMs,
      );
      if (!result?.accessToken) throw new Error('Azure AD returned no access token');
      const token = this.toCached(result);
      this.current = token;
      this.failures = 0;
      this.lastError = undefined;
      this.schedule(token.refreshAt - Date.now());
      this.logger.log(
        { expiresAt: new Date(token.expiresAt).toISOString() },
        'Graph token acquired',
      );
      return token;
    } catch (error) {
      this.failures += 1;
      this.lastError = describe(error);
      this.lastFailureAt = Date.now();
      const { baseDelayMs, maxDelayMs } = this.graph.tokenRetry;
      const retryInMs = backoffDelay(this.failures, baseDelayMs, maxDelayMs);
      this.schedule(retryInMs);
      this.logger.warn(
        { error: this.lastError, failures: this.failures, retryInMs },
        'Graph token acquisition failed',
      );
      throw new GraphTokenUnavailableError(this.lastError);
    }
  }

  private toCached(result: AuthenticationResult): CachedToken {
    const now = Date.now();
    const expiresAt = result.expiresOn?.getTime() ?? now + FALLBACK_LIFETIME_MS;
    const lifetime = Math.max(0, expiresAt - now);
    let refreshAt = Math.min(
      expiresAt - this.graph.tokenRefreshAheadMs,
      result.refreshOn?.getTime() ?? Infinity,
    );
    // A token shorter-lived than the refresh lead would be renewed in a loop: renew at half-life.
    if (refreshAt <= now) refreshAt = now + lifetime / 2;
    const usableUntil = expiresAt - Math.min(MAX_USABLE_MARGIN_MS, lifetime / 10);
    return { accessToken: result.accessToken, expiresAt, usableUntil, refreshAt };
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(
      () => {
        this.acquire().catch(() => undefined);
      },
      Math.min(MAX_TIMER_MS, Math.max(0, delayMs)),
    );
    this.timer.unref();
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0] ?? '';
  return firstLine.length > 300 ? `${firstLine.slice(0, 300)}…` : firstLine;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Azure AD did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
