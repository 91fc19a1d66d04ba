import type { ServerConfigType } from './config.namespaces';

/** The path Graph posts notifications to. */
export const CALLBACK_PATH = '/api/calling';

/**
 * The service's own callback URI: `${PUBLIC_BASE_URL}/api/calling` (without a public URL, in
 * development, the local port). Every answer's `callbackUri` and every invitation back to this
 * service use it.
 */
export function callbackUri(server: Pick<ServerConfigType, 'publicBaseUrl' | 'port'>): string {
  const base = server.publicBaseUrl ?? `https://localhost:${server.port}`;
  return `${base.replace(/\/+$/, '')}${CALLBACK_PATH}`;
}
