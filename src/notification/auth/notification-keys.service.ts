import {
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import {
  createLocalJWKSet,
  errors,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWK,
  type JWSHeaderParameters,
  type KeyLike,
} from 'jose';
import { notificationConfig, NotificationConfigType } from '../../config';
import { ReadinessService } from '../../health';

/** Test seam: the `fetch` used for the OpenID configuration and the JWKS (global `fetch` by default). */
export const NOTIFICATION_KEYS_FETCH = Symbol('NOTIFICATION_KEYS_FETCH');

/** No signing keys yet (start-up fetch not done, or failing): nothing can be verified. */
export class SigningKeysUnavailableError extends Error {
  constructor(reason: string) {
    super(`notification signing keys not available: ${reason}`);
    this.name = 'SigningKeysUnavailableError';
  }
}

const DEFAULT_TIMEOUT_MS = 5000;
const MAX_DOCUMENT_BYTES = 1_000_000;
const MAX_RETRY_DELAY_MS = 30_000;

type LocalKeySet = ReturnType<typeof createLocalJWKSet>;

function isUsableRsaKey(jwk: JWK): boolean {
  return (
    jwk.kty === 'RSA' &&
    (jwk.use === undefined || jwk.use === 'sig') &&
    (jwk.alg === undefined || jwk.alg === 'RS256')
  );
}

/**
 * The keys that sign Graph's notification tokens: fetched from the `jwks_uri` of
 * `notification.openIdConfigUrl` at start-up, in the background (readiness `notificationKeys`
 * fails until then), refreshed every `jwksRefreshIntervalMs`, and refetched when a token names an
 * unknown `kid`, at most once per `jwksRefetchIntervalMs` (the start-up fetch does not count), so
 * that a stream of forged kids cannot make the service hammer the key endpoint.
 */
@Injectable()
export class NotificationKeysService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(NotificationKeysService.name);
  private readonly fetcher: typeof fetch;
  private readonly timeoutMs: number;
  private readonly stop = new AbortController();
  private keySet: LocalKeySet | undefined;
  private problem = 'not fetched yet';
  private inFlight: Promise<boolean> | undefined;
  private lastUnknownKidRefetchAt = Number.NEGATIVE_INFINITY;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private fetchCount = 0;
  private keySetVersion = 0;

  constructor(
    @Inject(notificationConfig.KEY) private readonly config: NotificationConfigType,
    private readonly readiness: ReadinessService,
    @Optional() @Inject(NOTIFICATION_KEYS_FETCH) fetcher?: typeof fetch,
  ) {
    this.fetcher = fetcher ?? ((input, init) => fetch(input, init));
    this.timeoutMs = config.jwksTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  onModuleInit(): void {
    this.readiness.register({
      name: 'notificationKeys',
      check: () => (this.keySet ? true : `signing keys not fetched: ${this.problem}`),
    });
    void this.refresh('start-up');
  }

  onModuleDestroy(): void {
    clearTimeout(this.timer);
    this.stop.abort();
  }

  get ready(): boolean {
    return this.keySet !== undefined;
  }

  /** How many times the keys were fetched (start-up, scheduled and unknown-kid refetches). */
  get fetches(): number {
    return this.fetchCount;
  }

  /** Changes whenever a new key set replaces the old one: what was verified before may not be now. */
  get version(): number {
    return this.keySetVersion;
  }

  /** Resolves once the fetch under way (if any) has settled; true when keys are in hand. */
  async settled(): Promise<boolean> {
    await this.inFlight;
    return this.ready;
  }

  /** jose's key resolver for `jwtVerify`. */
  readonly resolveKey = async (
    header: JWSHeaderParameters,
    token: FlattenedJWSInput,
  ): Promise<KeyLike> => {
    if (!this.keySet) {
      // A request racing the start-up fetch waits for it rather than failing needlessly.
      await this.inFlight;
      if (!this.keySet) throw new SigningKeysUnavailableError(this.problem);
    }
    try {
      return await this.keySet(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      if (!(await this.refetchForUnknownKid(header.kid))) throw error;
      return this.keySet(header, token);
    }
  };

  private async refetchForUnknownKid(kid: string | undefined): Promise<boolean> {
    if (this.inFlight) return this.inFlight;
    const now = performance.now();
    if (now - this.lastUnknownKidRefetchAt < this.config.jwksRefetchIntervalMs) {
      this.logger.warn({ kid }, 'unknown signing key; refetch skipped (rate limited)');
      return false;
    }
    this.lastUnknownKidRefetchAt = now;
    this.logger.log({ kid }, 'unknown signing key; refetching the key set');
    return this.refresh('unknown kid');
  }

  /** Fetches (or joins the fetch under way); the fetch then schedules the next refresh or retry. */
  private refresh(reason: string): Promise<boolean> {
    this.inFlight ??= this.load(reason)
      .then((ok) => {
        this.schedule(ok);
        return ok;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  private schedule(ok: boolean): void {
    if (this.stop.signal.aborted) return;
    this.failures = ok ? 0 : this.failures + 1;
    const delay = ok
      ? this.config.jwksRefreshIntervalMs
      : Math.min(1000 * 2 ** (this.failures - 1), MAX_RETRY_DELAY_MS);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(ok ? 'scheduled' : 'retry'), delay);
    this.timer.unref();
  }

  private async load(reason: string): Promise<boolean> {
    this.fetchCount += 1;
    try {
      const openIdConfig = await this.getJson(this.config.openIdConfigUrl);
      const jwksUri = (openIdConfig as { jwks_uri?: unknown } | null)?.jwks_uri;
      if (typeof jwksUri !== 'string' || !jwksUri.startsWith('https://')) {
        throw new Error('the OpenID configuration has no https jwks_uri');
      }
      const jwks = (await this.getJson(jwksUri)) as JSONWebKeySet;
      const keys = Array.isArray(jwks?.keys) ? jwks.keys : [];
      const usable = keys.filter((key) => isUsableRsaKey(key));
      if (usable.length === 0) throw new Error(`${jwksUri} holds no RS256 signing key`);
      this.keySet = createLocalJWKSet({ keys: usable });
      this.keySetVersion += 1;
      this.problem = '';
      this.logger.log(
        { reason, keys: usable.length, kids: usable.map((key) => key.kid) },
        'notification signing keys fetched',
      );
      return true;
    } catch (error) {
      if (this.stop.signal.aborted) return false;
      this.problem = (error as Error).message || String(error);
      this.logger.warn({ reason, problem: this.problem }, 'notification signing keys not fetched');
      return false;
    }
  }

  private async getJson(url: string): Promise<unknown> {
    const response = await this.fetcher(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.any([this.stop.signal, AbortSignal.timeout(this.timeoutMs)]),
    });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const text = await response.text();
    if (text.length > MAX_DOCUMENT_BYTES) throw new Error(`${url}: document too large`);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new Error(`${url}: not JSON`);
    }
  }
}
