import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
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
function isProbe(req: IncomingMessage): boolean {
  const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '';
  return url.startsWith('/health/') || url === '/metrics';
}

interface SerializedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  remoteAddress?: string;
  headers?: Record<string, unknown>;
}

/**
 * What a request line keeps: enough to follow a delivery (id, route, Graph's chain id), not every
 * header Graph sends — at hundreds of notifications a second the full header set is most of the
 * logging cost, and headers are where credentials travel.
 */
function requestSummary(req: SerializedRequest): Record<string, unknown> {
  return {
    id: req.id,
    method: req.method,
    url: req.url,
    remoteAddress: req.remoteAddress,
    chainId: req.headers?.['x-microsoft-skype-chain-id'],
  };
}

/** JSON logs (pino) with the request id on every line and secrets redacted. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [loggingConfig.KEY],
      useFactory: (config: LoggingConfigType) => ({
        pinoHttp: {
          level: config.level,
          // Fastify has already assigned the id (see app.factory.ts); reuse it.
          genReqId: (req: IncomingMessage) =>
            (req as IncomingMessage & { id?: string }).id ?? requestIdOf(req),
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          serializers: {
            req: requestSummary,
            res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
          },
          customProps: () => ({ service: 'switchboard' }),
          autoLogging: { ignore: isProbe },
          transport: config.pretty ? { target: 'pino-pretty' } : undefined,
        },
      }),
    }),
  ],
})
export class LoggingModule {}
