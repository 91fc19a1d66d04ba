import { once } from 'node:events';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Test } from '@nestjs/testing';
import { GRAPH_HTTP_OPTIONS, GRAPH_TOKEN_SOURCE } from './graph.constants';
import { GraphHttpClient } from './graph-http.client';
import type { GraphHttpOptions } from './graph-http.types';
import { GraphRequestError } from './graph-request.error';
import { GraphTokenSource, GraphTokenUnavailableError } from './graph-token.source';

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** performance.now() when the request arrived: the same clock as `deadlineAt`. */
  at: number;
  epoch: number;
  /** The client's port: one per connection, so a reused connection shows the same one. */
  port: number | undefined;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A Graph stand-in on 127.0.0.1:0 that answers each request with the next scripted handler. */
export class ScriptedServer {
  readonly received: Received[] = [];
  private readonly script: Handler[] = [];
  private fallback: Handler = (_req, res) => json(res, 500, { error: { code: 'unscripted' } });
  private readonly server: Server = createServer((req, res) => {
    const at = performance.now();
    const epoch = Date.now();
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      this.received.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body,
        at,
        epoch,
        port: req.socket.remotePort,
      });
      (this.script.shift() ?? this.fallback)(req, res);
    });
  });

  async start(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1.0`;
  }

  then(...handlers: Handler[]): this {
    this.script.push(...handlers);
    return this;
  }

  always(handler: Handler): this {
    this.fallback = handler;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }
}

export function json(
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

export const accepted: Handler = (_req, res) => json(res, 202);
export const status =
  (code: number, headers: Record<string, string> = {}, body?: unknown): Handler =>
  (_req, res) =>
    json(res, code, body, headers);
export const reset: Handler = (req) => req.socket.destroy();
export const hang: Handler = () => undefined;

export class FakeTokens implements GraphTokenSource {
  issued = 0;
  invalidated: Array<string | undefined> = [];
  unavailable = false;
  cachedToken?: () => string | undefined;
  private current = 'token-1';

  getToken(): Promise<string> {
    if (this.unavailable)
      return Promise.reject(new GraphTokenUnavailableError('credentials missing'));
    this.issued += 1;
    return Promise.resolve(this.current);
  }

  invalidate(rejected?: string): void {
    this.invalidated.push(rejected);
    this.current = `token-${this.invalidated.length + 1}`;
  }
}

export async function rejection(promise: Promise<unknown>): Promise<GraphRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphRequestError);
  return error as GraphRequestError;
}

/** Options of a client under test: quick pauses, no attempt bound, a small warm pool. */
export function testHttpOptions(
  baseUrl: string,
  overrides: Partial<GraphHttpOptions['retry']> & {
    requestTimeoutMs?: number;
    pool?: Partial<GraphHttpOptions['pool']>;
  } = {},
): GraphHttpOptions {
  const { requestTimeoutMs = 2000, pool, ...retry } = overrides;
  return {
    baseUrl,
    requestTimeoutMs,
    retry: {
      maxAttempts: null,
      baseDelayMs: 20,
      maxDelayMs: 100,
      maxRetryAfterMs: 30000,
      defaultBudgetMs: 2000,
      ...retry,
    },
    pool: { connections: 8, keepAliveTimeoutMs: 60000, keepAliveMaxTimeoutMs: 600000, ...pool },
  };
}

/** A `GraphHttpClient` as Nest builds it, over the given options and token source. */
export async function buildHttpClient(
  options: GraphHttpOptions,
  tokens: GraphTokenSource,
): Promise<GraphHttpClient> {
  const moduleRef = await Test.createTestingModule({
    providers: [
      GraphHttpClient,
      { provide: GRAPH_HTTP_OPTIONS, useValue: options },
      { provide: GRAPH_TOKEN_SOURCE, useValue: tokens },
    ],
  }).compile();
  return moduleRef.get(GraphHttpClient);
}

/** A client under test with its scripted Graph and token source; `stop()` after each test. */
export class ScriptedClient {
  readonly server = new ScriptedServer();
  readonly tokens = new FakeTokens();
  private client: GraphHttpClient | undefined;

  get sut(): GraphHttpClient {
    if (!this.client) throw new Error('build() first');
    return this.client;
  }

  async build(overrides: Parameters<typeof testHttpOptions>[1] = {}): Promise<GraphHttpClient> {
    this.client = await buildHttpClient(
      testHttpOptions(await this.server.start(), overrides),
      this.tokens,
    );
    return this.client;
  }

  async stop(): Promise<void> {
    await this.client?.onApplicationShutdown();
    await this.server.stop();
  }
}
