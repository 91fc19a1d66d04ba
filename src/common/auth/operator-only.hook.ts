import type { FastifyInstance } from 'fastify';
import { errorBody } from '../errors/error-body';
import { OperatorKeys } from './operator-keys';

/** The path itself or anything under it (`/api/docs`, `/api/docs/…`, `/api/docs-json`). */
function covers(prefix: string, url: string): boolean {
  if (!url.startsWith(prefix)) return false;
  const next = url.charCodeAt(prefix.length);
  // End, '/', '?' or '-' (the OpenAPI document sits at `<path>-json`).
  return Number.isNaN(next) || next === 47 || next === 63 || next === 45;
}

/**
 * Answers 401 (the service's error shape) to requests under `prefixes` that carry no operator
 * API key, before routing: some of these routes (the OpenAPI UI's static files) are registered on
 * Fastify directly, beyond the reach of Nest guards.
 */
export function requireOperatorKey(
  instance: FastifyInstance,
  prefixes: readonly string[],
  keys: OperatorKeys,
): void {
  if (prefixes.length === 0) return;
  instance.addHook('onRequest', (request, reply, done) => {
    const url = request.raw.url ?? '';
    if (!prefixes.some((prefix) => covers(prefix, url)) || keys.accepts(request.headers)) {
      done();
      return;
    }
    void reply
      .code(401)
      .header('content-type', 'application/json')
      .send(errorBody(401, 'a valid operator API key is required'));
  });
}
