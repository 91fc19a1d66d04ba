import { createHash, createPublicKey, KeyObject, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, type JWK, SignJWT, UnsecuredJWT } from 'jose';
import { generateRsaKey } from '../core/persisted-key';
import type { NotificationTokenClaims, SignOptions } from '../core/types';

interface SigningKey {
  kid: string;
  /** Base64url SHA-1 of the public key's DER; Graph's headers carry an `x5t`. */
  x5t: string;
  privateKey: KeyObject;
  jwk: JWK;
}

/** How long Graph's notification tokens are valid (exp = nbf + 300 s in real captures). */
export const NOTIFICATION_TOKEN_LIFETIME_S = 300;

/**
 * The keys that sign notification tokens, as published at the JWKS: one current key and the
 * previous ones still published until dropped, so both "rotated but still trusted" and "rotated
 * and gone" can be tested.
 */
export class NotificationKeyRing {
  private keys: SigningKey[] = [];
  private foreign?: SigningKey;
  private cached?: { token: string; kid: string; audience: string; tid: string; issuedAt: number };

  private constructor() {}

  static async create(initial: KeyObject): Promise<NotificationKeyRing> {
    const ring = new NotificationKeyRing();
    ring.keys.push(await toSigningKey(initial));
    return ring;
  }

  get currentKid(): string {
    return this.current.kid;
  }

  get kids(): string[] {
    return this.keys.map((k) => k.kid);
  }

  private get current(): SigningKey {
    return this.keys[this.keys.length - 1];
  }

  /** Adds a new current key; the previous ones stay published unless `dropPrevious`. */
  async rotate(dropPrevious = false): Promise<string> {
    const next = await toSigningKey(generateRsaKey());
    this.keys = dropPrevious ? [next] : [...this.keys, next];
    this.cached = undefined;
    return next.kid;
  }

  /** Removes a key from the JWKS (the current one cannot be dropped: rotate first). */
  drop(kid: string): boolean {
    if (kid === this.current.kid) return false;
    const before = this.keys.length;
    this.keys = this.keys.filter((k) => k.kid !== kid);
    return this.keys.length !== before;
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.keys.map((k) => ({ ...k.jwk })) };
  }

  /**
   * The token for a notification POST. Reused while younger than `reuseSeconds`, as signing
   * with RSA is the only expensive step per notification.
   */
  async tokenFor(
    base: { issuer: string; audience: string; tenantId: string },
    reuseSeconds: number,
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const c = this.cached;
    if (
      reuseSeconds > 0 &&
      c &&
      c.kid === this.current.kid &&
      c.audience === base.audience &&
      c.tid === base.tenantId &&
      now - c.issuedAt < reuseSeconds
    ) {
      return c.token;
    }
    const token = await this.sign({ iss: base.issuer, aud: base.audience, tid: base.tenantId });
    if (reuseSeconds > 0) {
      this.cached = {
        token,
        kid: this.current.kid,
        audience: base.audience,
        tid: base.tenantId,
        issuedAt: now,
      };
    }
    return token;
  }

  /** Signs a token with Graph's claim set; `claims` override any of them. */
  async sign(claims: Partial<NotificationTokenClaims>, options: SignOptions = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const nbf = claims.nbf ?? now;
    const exp =
      claims.exp ??
      (options.expiresInSeconds !== undefined
        ? now + options.expiresInSeconds
        : nbf + NOTIFICATION_TOKEN_LIFETIME_S);
    const payload: Record<string, unknown> = {
      ...claims,
      iat: claims.iat ?? now,
      nbf,
      exp,
    };
    for (const [name, value] of Object.entries(payload)) {
      if (value === undefined) delete payload[name];
    }
    const alg = options.alg ?? 'RS256';
    if (alg === 'none') return new UnsecuredJWT(payload).encode();
    if (alg.startsWith('HS')) {
      return new SignJWT(payload)
        .setProtectedHeader({ alg, typ: 'JWT', kid: options.kid ?? this.current.kid })
        .sign(randomBytes(32));
    }
    const key = options.key === 'foreign' ? await this.foreignKey() : this.current;
    return new SignJWT(payload)
      .setProtectedHeader({
        alg,
        typ: 'JWT',
        kid: options.kid ?? (options.key === 'foreign' ? this.current.kid : key.kid),
        x5t: key.x5t,
      })
      .sign(key.privateKey);
  }

  private async foreignKey(): Promise<SigningKey> {
    this.foreign ??= await toSigningKey(generateRsaKey());
    return this.foreign;
  }
}

async function toSigningKey(privateKey: KeyObject): Promise<SigningKey> {
  const publicKey = createPublicKey(privateKey);
  const exported = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(exported);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const x5t = createHash('sha1').update(der).digest('base64url');
  return { kid, x5t, privateKey, jwk: { ...exported, kid, use: 'sig', alg: 'RS256', x5t } };
}
