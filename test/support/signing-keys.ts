import { randomUUID } from 'node:crypto';
import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  UnsecuredJWT,
  type JWK,
  type JWTPayload,
  type KeyLike,
} from 'jose';

export const TEST_OPENID_CONFIG_URL = 'https://keys.test/.well-known/OpenIdConfiguration';
export const TEST_JWKS_URL = 'https://keys.test/keys';

interface TestKey {
  kid: string;
  privateKey: KeyLike;
  jwk: JWK;
}

/**
 * An in-process stand-in for the OpenID configuration and JWKS that sign Graph's notification
 * tokens, for unit tests: hand `fetch` to the service under test (NOTIFICATION_KEYS_FETCH), sign
 * tokens with `sign`, rotate keys, count and fail fetches. E2e tests use the emulator instead.
 */
export class TestKeyServer {
  /** Each fetch of the JWKS document (not of the OpenID configuration). */
  jwksFetches = 0;
  /** When set, every fetch answers this HTTP status. */
  failWith: number | undefined;
  private keys: TestKey[] = [];
  private foreign: TestKey | undefined;

  static async create(): Promise<TestKeyServer> {
    const server = new TestKeyServer();
    await server.rotate();
    return server;
  }

  get currentKid(): string {
    return this.keys[this.keys.length - 1].kid;
  }

  /** Publishes a new current key; older ones stay published unless `dropPrevious`. */
  async rotate(dropPrevious = false): Promise<string> {
    const key = await newKey();
    this.keys = dropPrevious ? [key] : [...this.keys, key];
    return key.kid;
  }

  /** A `fetch` serving the two documents; anything else is a 404. */
  readonly fetch: typeof fetch = async (input) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (this.failWith) return new Response('{}', { status: this.failWith });
    if (url === TEST_OPENID_CONFIG_URL) {
      return Response.json({ issuer: 'https://api.botframework.com', jwks_uri: TEST_JWKS_URL });
    }
    if (url === TEST_JWKS_URL) {
      this.jwksFetches += 1;
      return Response.json({ keys: this.keys.map((key) => key.jwk) });
    }
    return new Response('not found', { status: 404 });
  };

  /**
   * A token with Graph's claim set (`iss`, `aud`, `tid`, `nbf`, `exp` = now + 300 s) unless
   * overridden; a claim set to `undefined` is left out.
   */
  async sign(
    claims: JWTPayload = {},
    options: {
      kid?: string | null;
      key?: 'current' | 'foreign';
      header?: Record<string, unknown>;
    } = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload = graphClaims(now, { nbf: now, iat: now, jti: randomUUID(), ...claims });
    for (const [name, value] of Object.entries(payload))
      if (value === undefined) delete payload[name];
    const key =
      options.key === 'foreign'
        ? (this.foreign ??= await newKey())
        : this.keys[this.keys.length - 1];
    const kid = options.kid === undefined ? this.currentKid : options.kid;
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(kid ? { kid } : {}), ...options.header })
      .sign(key.privateKey);
  }

  /** An unsigned (`alg: none`) token with otherwise valid claims. */
  unsigned(claims: JWTPayload = {}): string {
    return new UnsecuredJWT(graphClaims(Math.floor(Date.now() / 1000), claims)).encode();
  }

  /** An HS256 token keyed with `secret` (e.g. the public key's bytes, the classic confusion attack). */
  async hmac(secret: Uint8Array, claims: JWTPayload = {}): Promise<string> {
    return new SignJWT(graphClaims(Math.floor(Date.now() / 1000), claims))
      .setProtectedHeader({ alg: 'HS256', kid: this.currentKid })
      .sign(secret);
  }
}

/** Graph's issuer, the test audience and tenant, valid for 5 minutes from `now`; then `claims`. */
function graphClaims(now: number, claims: JWTPayload): JWTPayload {
  return {
    iss: 'https://api.botframework.com',
    aud: 'test-client-id',
    tid: 'test-tenant-id',
    exp: now + 300,
    ...claims,
  };
}

async function newKey(): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  return { kid, privateKey, jwk };
}
