import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { redactUrl } from './redaction';

/**
 * What a request line keeps: enough to follow a delivery (id, route, the client, Graph's chain
 * id), not every header Graph sends — at hundreds of notifications a second the full header set
 * is most of the logging cost, and headers are where credentials travel.
 */
export interface RequestSummary {
  id: unknown;
  method: string | undefined;
  /** The path and query, credential-like query values redacted. */
  url: string | undefined;
  /** The client as `server.trustProxy` yields it (Fastify's `request.ip`). */
  remoteAddress: string | undefined;
  chainId: unknown;
}

function summary(raw: IncomingMessage, id: unknown, address: string | undefined): RequestSummary {
  return {
    id,
    method: raw.method,
    url: raw.url === undefined ? undefined : redactUrl(raw.url),
    remoteAddress: address,
    chainId: raw.headers['x-microsoft-skype-chain-id'],
  };
}

export function summarize(request: FastifyRequest): RequestSummary {
  return summary(request.raw, request.id, request.ip);
}

/** `req` as logged: a request (Node's or Fastify's) becomes its summary; a summary stays as is. */
export function serializeRequest(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const fastify = value as Partial<FastifyRequest>;
  if (fastify.raw && typeof fastify.raw === 'object') return summarize(fastify as FastifyRequest);
  const raw = value as IncomingMessage & { id?: unknown };
  if (raw.socket !== undefined && raw.headers !== undefined) {
    return summary(raw, raw.id, raw.socket?.remoteAddress);
  }
  return value;
}

export function serializeResponse(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('statusCode' in value)) return value;
  return { statusCode: (value as ServerResponse).statusCode };
}
