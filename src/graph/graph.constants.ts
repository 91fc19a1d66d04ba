/** The msal client-credentials client (`MsalClient`), or why there is none. Tests provide a stub. */
export const MSAL_CLIENT = Symbol('MSAL_CLIENT');

/** `GraphHttpOptions` of the `GraphHttpClient`: base URL, timeouts, retry policy. */
export const GRAPH_HTTP_OPTIONS = Symbol('GRAPH_HTTP_OPTIONS');

/** The `GraphTokenSource` the HTTP client takes tokens from (the `GraphTokenService`). */
export const GRAPH_TOKEN_SOURCE = Symbol('GRAPH_TOKEN_SOURCE');

/** The configured cloud's `CloudEndpoints` (hosts, scope, default notification issuers). */
export const GRAPH_CLOUD = Symbol('GRAPH_CLOUD');

/** Name of the readiness check that waits for the first Graph token. */
export const GRAPH_TOKEN_READINESS_CHECK = 'graphToken';
