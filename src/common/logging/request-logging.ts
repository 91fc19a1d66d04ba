import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Params, PARAMS_PROVIDER_TOKEN } from 'nestjs-pino';
import { storage } from 'nestjs-pino/storage';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import { metricsConfig, type MetricsConfigType } from '../../config';
import { MetricsService } from '../../metrics';
import { summarize, type RequestSummary } from './request-summary';

const REQUEST_ID_HEADERS = ['x-request-id', 'client-request-id', 'x-microsoft-skype-message-id'];
const SERVICE = 'switchboard';
/** Graph's deliveries (the notification module's route): healthy ones are counted, not logged. */
const NOTIFICATION_PATH = '/api/calling';

/** A caller's request id when it sent one (so lines correlate across systems), else a new one. */
export function requestIdOf(req: IncomingMessage): string {
  for (const header of REQUEST_ID_HEADERS) {
    const value = req.headers[header];
    if (typeof value === 'string' && /^[\w.:-]{1,128}$/.test(value)) return value;
  }
  return randomUUID();
}

function under(path: string, url: string): boolean {
  if (!url.startsWith(path)) return false;
  const next = url.charCodeAt(path.length);
  return Number.isNaN(next) || next === 47 /* / */ || next === 63; /* ? */
}

/**
 * One request's logging context, in nestjs-pino's AsyncLocalStorage (its `PinoLogger` logs with
 * `logger` from there). What the request's lines share (the request, fields a handler bound) is
 * added by the root logger's mixin, not by a pino child per request: a child serialises its
 * bindings again for each one, and a child's bindings plus the same key logged explicitly (a
 * call id) wrote that key twice in one line.
 */
class RequestLogContext {
  readonly fields: Record<string, unknown>;

  constructor(
    readonly logger: Logger,
    readonly req: RequestSummary,
  ) {
    this.fields = { req, service: SERVICE };
  }

  /** The request line, once the response is done (sent, or the connection closed before). */
  logCompletion(res: ServerResponse, startedAt: number, quietWhenHealthy: boolean): void {
    const status = res.statusCode;
    const healthy = status < 300;
    const level = quietWhenHealthy && healthy ? 'debug' : 'info';
    if (!this.logger.isLevelEnabled(level)) return;
    // Given here, not left to the mixin: 'close' may come in another async context.
    const line = { ...this.fields, res, responseTime: Date.now() - startedAt };
    if (status >= 500) {
      const err = new Error(`failed with status code ${status}`);
      this.logger[level]({ ...line, err }, 'request errored');
    } else {
      this.logger[level](line, 'request completed');
    }
  }
}

/**
 * Adds fields to the current request's lines, its own request line included (e.g. the call id a
 * notification is about, so that every line about a call carries it). A key a line also sets
 * itself is written once, with the line's value. Outside a request: nothing.
 */
export function bindToRequestLog(fields: Record<string, unknown>): void {
  const context = storage.getStore();
  if (context instanceof RequestLogContext) Object.assign(context.fields, fields);
}

/** The root logger's mixin: the current request's fields, on a line written while it is handled. */
export function requestLogFields(): Record<string, unknown> {
  const context = storage.getStore();
  return context instanceof RequestLogContext ? { ...context.fields } : {};
}

/**
 * Request logging as a Fastify hook rather than pino-http as Nest middleware (which on Fastify
 * runs through @fastify/middie): the same lines, for a fraction of the cost per request. Every
 * response carries its request id as `x-request-id`. Healthy deliveries from Graph are counted
 * (`switchboard_notification_responses_total`) and logged at debug only: at info they were most
 * of the log volume and of its cost. Health probes and scrapes get no line.
 *
 * Installed when the module is instantiated, so that it comes before the other modules' request
 * hooks (whose lines then carry the request too), or else when it initialises (an application
 * made from an already compiled testing module).
 */
@Injectable()
export class RequestLogging implements OnModuleInit {
  private installed = false;
  private readonly root: Logger;
  private readonly probes: string[];
  private readonly notificationResponses: Counter<'status'> | undefined;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(PARAMS_PROVIDER_TOKEN) params: Params,
    @Optional() @Inject(metricsConfig.KEY) metrics?: MetricsConfigType,
    @Optional() metricsService?: MetricsService,
  ) {
    this.root = (params.pinoHttp as { logger: Logger }).logger;
    this.probes = ['/health', metrics?.path ?? '/metrics'];
    this.notificationResponses = metricsService
      ? new Counter({
          name: 'switchboard_notification_responses_total',
          help: 'Responses to deliveries on /api/calling, by HTTP status (2xx ones are not logged at info).',
          labelNames: ['status'] as const,
          registers: [metricsService.registry],
        })
      : undefined;
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
    void reply.header('x-request-id', request.id);
    const url = request.raw.url ?? '';
    const context = new RequestLogContext(this.root, summarize(request));
    const notification = under(NOTIFICATION_PATH, url);
    const logged = !this.probes.some((probe) => under(probe, url));
    if (notification || logged) {
      const startedAt = Date.now();
      const res = reply.raw;
      // 'close' comes once per response: after it was sent, or when the client went away first.
      res.once('close', () => {
        if (notification) this.notificationResponses?.inc({ status: String(res.statusCode) });
        if (logged) context.logCompletion(res, startedAt, notification);
      });
    }
    storage.run(context, done);
  }
}
