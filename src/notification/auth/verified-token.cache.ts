import type { JWTPayload } from 'jose';

interface Entry {
  readonly payload: JWTPayload;
  readonly keySetVersion: number;
}

/**
 * Tokens already verified, by their exact text. Graph signs a token for a stretch of time and
 * sends it with many notifications; an RSA verification per notification is the largest cost of
 * authentication, so a token seen before skips it. A hit still checks `exp`/`nbf` against the
 * clock, and a new key set (rotation, retired key) invalidates every entry.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly capacity: number,
    private readonly clockSkewSeconds: number,
  ) {}

  get(token: string, keySetVersion: number, nowMs = Date.now()): JWTPayload | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.keySetVersion !== keySetVersion || !this.inLifetime(entry.payload, nowMs)) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.payload;
  }

  set(token: string, payload: JWTPayload, keySetVersion: number): void {
    if (this.entries.size >= this.capacity) {
      // Maps keep insertion order: the first key is the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(token, { payload, keySetVersion });
  }

  get size(): number {
    return this.entries.size;
  }

  private inLifetime(payload: JWTPayload, nowMs: number): boolean {
    const now = nowMs / 1000;
    const skew = this.clockSkewSeconds;
    if (typeof payload.exp !== 'number' || payload.exp + skew <= now) return false;
    return typeof payload.nbf !== 'number' || payload.nbf - skew <= now;
  }
}
