/** Where the HTTP client gets its bearer tokens (the `GraphTokenService`; a stub in tests). */
export interface GraphTokenSource {
  /** A valid token: the cached one at once, else the one being fetched. Rejects when `signal` aborts. */
  getToken(signal?: AbortSignal): Promise<string>;
  /**
   * The cached token when it is usable now, without waiting: the common case, which then needs
   * no cancellation set up around it. Optional: `getToken` alone is enough.
   */
  cachedToken?(): string | undefined;
  /** Graph refused `rejectedToken` (401): drop it, unless a newer one has replaced it already. */
  invalidate(rejectedToken?: string): void;
}

/** No token can be had right now; `message` says why (missing credentials, Azure AD's error). */
export class GraphTokenUnavailableError extends Error {
  override readonly name = 'GraphTokenUnavailableError';
}
