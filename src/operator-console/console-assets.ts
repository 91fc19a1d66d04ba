import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where the console is served; its build (console/vite.config.ts) uses the same base. */
export const CONSOLE_PATH = '/console';

/** Beside the compiled service: `npm run build` writes the console's assets to `dist/console`. */
export const CONSOLE_ASSETS_DIR = resolve(__dirname, '..', 'console');

/**
 * The page only ever talks to this service: scripts, styles and data from its own origin, nothing
 * inline, never framed. A console that could be framed or fed a script from elsewhere would hand
 * the operator key it holds to whoever did that.
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; " +
    "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

function setHeaders(reply: FastifyReply, path: string): void {
  void reply.headers(SECURITY_HEADERS);
  // Vite names every asset by its content hash; only the page itself must be fetched afresh.
  void reply.header(
    'cache-control',
    path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
  );
}

/**
 * Serves the operator console's static files at `/console` (docs/console.md). The page needs no
 * key to load; every call it makes goes to the operator API, which checks the key as for any
 * other client. Nothing here is on the path that answers calls.
 */
export function serveConsole(
  app: NestFastifyApplication,
  enabled: boolean,
  assetsDir: string = CONSOLE_ASSETS_DIR,
): void {
  if (!enabled) return;
  // Vite's manifest marks a build: run from source, `../console` is the page's source folder.
  if (!existsSync(join(assetsDir, '.vite', 'manifest.json'))) {
    // A service built without the console (e.g. `tsc` alone) still starts: the console is for
    // people, and its absence must not keep calls from being answered.
    new Logger('OperatorConsole').warn(
      { assetsDir },
      'console.enabled is true but the console was not built (npm run build); /console is not served',
    );
    return;
  }
  // Registered on Fastify itself: @fastify/static hands `setHeaders` the reply, which Nest's
  // wrapper types (`useStaticAssets`) still describe as a raw response.
  const fastify = app.get(HttpAdapterHost).httpAdapter.getInstance<FastifyInstance>();
  void fastify.register(fastifyStatic, {
    root: assetsDir,
    prefix: `${CONSOLE_PATH}/`,
    index: ['index.html'],
    // One route per file of the build, found once at start-up: with the router's
    // ignoreTrailingSlash, a wildcard route would not serve the page at `/console/`.
    wildcard: false,
    decorateReply: false,
    setHeaders,
  });
}
