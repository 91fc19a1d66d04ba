import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LoggerModule, Params, PARAMS_PROVIDER_TOKEN } from 'nestjs-pino';
import { storage } from 'nestjs-pino/storage';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { loggingConfig, LoggingConfigType } from '../../config';
import { REDACTED_PATHS } from './redaction';

const REQUEST_ID_HEADERS = ['x-request-id', 'client-request-id', 'x-microsoft-skype-message-id'];

/** A caller's request id when it sent one (so lines correlate across systems), else a new one. */
export function requestIdOf(req: IncomingMessage): string {
  for (const header of REQUEST_ID_HEADERS) {
    const value = req.headers[header];
    if (typeof value === 'string' && /^[\w.:-]{1,128}$/.test(value)) return value;
  }
  return randomUUID();
}

/** Health probes and scrapes would drown the call traffic in the request log. */
function isProbe(url: string): boolean {
  return url.startsWith('/health/') || url === '/metrics';
}

/**
 * What a request line keeps: enough to follow a delivery (id, route, Graph's chain id), not every
 * header Graph sends — at hundreds of notifications a second the full header set is most of the
 * logging cost, and headers are where credentials travel.
 */
interface RequestSummary {
  id: unknown;
  method: string | undefined;
  url: string | undefined;
  remoteAddress: string | undefined;
  chainId: unknown;
}

function summarize(raw: IncomingMessage, id: unknown): RequestSummary {
  return {
    id,
    method: raw.method,
    url: raw.url,
    remoteAddress: raw.socket?.remoteAddress,
    chainId: raw.headers['x-microsoft-skype-chain-id'],
  };
}

/** `req` as logged: a request (Node's or Fastify's) becomes its summary; a summary stays as is. */
function serializeRequest(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const fastify = value as Partial<FastifyRequest>;
  if (fastify.raw && typeof fastify.raw === 'object') return summarize(fastify.raw, fastify.id);
  const raw = value as IncomingMessage & { id?: unknown };
  if (raw.socket !== undefined && raw.headers !== undefined) return summarize(raw, raw.id);
  return value;
}

function serializeResponse(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('statusCode' in value)) return value;
  return { statusCode: (value as ServerResponse).statusCode };
}

const SERVICE = 'switchboard';

/**
 * One request's logging context, in nestjs-pino's AsyncLocalStorage (its `PinoLogger` takes
 * `logger` from there; `assign()` replaces it with a child). The request itself goes on each line
 * through the root logger's mixin, not through a child logger per request: most requests log
 * nothing but their own line, and a child (bindings serialised and redacted) costs more than
 * the rest of the logging of a request.
 */
class RequestLogContext {
  constructor(
    public logger: Logger,
    readonly req: RequestSummary,
    /** When the request arrived (epoch ms); undefined when it gets no line (probes, or below info). */
    readonly startedAt: number | undefined,
  ) {}

  /** The request line, once the response is done (sent, or the connection closed before). */
  logCompletion(res: ServerResponse): void {
    if (this.startedAt === undefined) return;
    const responseTime = Date.now() - this.startedAt;
    // The fields are given, not left to the mixin: 'close' may come in another async context.
    const fields = { req: this.req, service: SERVICE, res };
    if (res.statusCode >= 500) {
      const err = new Error(`failed with status code ${res.statusCode}`);
      this.logger.info({ ...fields, err, responseTime }, 'request errored');
    } else {
      this.logger.info({ ...fields, responseTime }, 'request completed');
    }
  }
}

/**
 * Adds fields to the current request's lines, its own request line included (e.g. the call id a
 * notification is about, so that every line about a call carries it). Outside a request: nothing.
 */
export function bindToRequestLog(fields: Record<string, unknown>): void {
  const context = storage.getStore();
  if (context instanceof RequestLogContext) context.logger = context.logger.child(fields);
}

/** `req` and `service` for a line written while a request is handled (or by work it started). */
function requestFields(): Record<string, unknown> {
  const context = storage.getStore();
  return context instanceof RequestLogContext ? { req: context.req, service: SERVICE } : {};
}

/**
 * The process's logger: JSON lines (pino) on stdout, secrets redacted, the request on lines
 * about one. `destination` replaces stdout (and `pretty`): tests read the lines from it.
 */
export function createRootLogger(
  config: LoggingConfigType,
  destination?: DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level: config.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { req: serializeRequest, res: serializeResponse },
    mixin: requestFields,
  };
  if (destination) return pino(options, destination);
  return pino({ ...options, transport: config.pretty ? { target: 'pino-pretty' } : undefined });
}

/**
 * Request logging as Fastify hooks rather than pino-http as Nest middleware (which on Fastify runs
 * through @fastify/middie): the same lines, for a fraction of the cost per request. Installed
 * when the module is instantiated, so that it comes before the other modules' request hooks
 * (whose lines then carry the request too), or else when it initialises (an application made
 * from an already compiled testing module).
 */
@Injectable()
export class RequestLogging implements OnModuleInit {
  private installed = false;
  private readonly root: Logger;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(PARAMS_PROVIDER_TOKEN) params: Params,
  ) {
    this.root = (params.pinoHttp as { logger: Logger }).logger;
    this.install();
  }

  onModuleInit(): void {
    this.install();
  }

  private install(): void {
    if (this.installed) return;
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() !== 'fastify') return;
    const instance = adapter.getInstance<FastifyInstance>();
    this.installed = true;
    instance.addHook('onRequest', (request, reply, done) => this.onRequest(request, reply, done));
  }

  private onRequest(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
    const raw = request.raw;
    const logged = !isProbe(raw.url ?? '') && this.root.isLevelEnabled('info');
    const context = new RequestLogContext(
      this.root,
      summarize(raw, request.id),
      logged ? Date.now() : undefined,
    );
    if (logged) {
      const res = reply.raw;
      // 'close' comes once per response: after it was sent, or when the client went away first.
      res.once('close', () => context.logCompletion(res));
    }
    storage.run(context, done);
  }
}

/** JSON logs (pino) with the request on every line logged while it is handled, secrets redacted. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [loggingConfig.KEY],
      useFactory: (config: LoggingConfigType): Params => ({
        pinoHttp: { logger: createRootLogger(config) },
        // Request context and lines come from RequestLogging's hook, not from middleware.
        useExisting: true,
        forRoutes: [],
      }),
    }),
  ],
  providers: [RequestLogging],
})
export class LoggingModule {}
