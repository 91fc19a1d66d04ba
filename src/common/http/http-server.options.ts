import type { Socket } from 'node:net';
import type { ServerOptions } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../errors/error-body';
import type { ServerConfig } from '../../config/schema/server.schema';

/**
 * The longest path parameter the router accepts. Call ids may be 128 characters (the id rule),
 * so the router never refuses a valid one; longer ones reach the route and its own 400/404.
 */
export const MAX_PARAM_LENGTH = 256;

function writeRawError(socket: Socket, status: number, message: string): void {
  const body = JSON.stringify(errorBody(status, message));
  const reason = errorBody(status, message).error;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Errors Node's HTTP parser raises before there is a request (slow headers, a header section over
 * the limit, bytes that are not HTTP): answered in the service's error shape where the socket can
 * still be written, never echoing the input, then closed.
 */
function onClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      writeRawError(socket, 408, 'the request did not arrive in time');
    } else if (error.code === 'HPE_HEADER_OVERFLOW') {
      writeRawError(socket, 431, 'request header fields too large');
    } else {
      writeRawError(socket, 400, 'malformed HTTP request');
    }
  }
  socket.destroySoon();
}

/** The part of the adapter's Fastify options this file decides. */
export interface HttpServerOptions {
  bodyLimit: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  http: Pick<ServerOptions, 'headersTimeout' | 'requestTimeout' | 'connectionsCheckingInterval'>;
  clientErrorHandler: (error: NodeJS.ErrnoException, socket: Socket) => void;
  /**
   * Typed `never`: Fastify declares it generic over the adapter's own copy of its types, which a
   * plain function written against this project's copy cannot name; the shape is Fastify's.
   */
  frameworkErrors: never;
}

/** Fastify's own refusals of a URL (bad percent-encoding, a parameter over the length limit). */
function onFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply.code(414).send(errorBody(414, 'a path segment is too long'));
    return;
  }
  void reply.code(400).send(errorBody(400, 'malformed URL'));
}

/**
 * Fastify (and Node HTTP server) options for a service on the public internet behind a gateway
 * (docs/hostile-input.md): headers within `headersTimeoutMs`, the whole request within
 * `requestTimeoutMs` (checked every second, not Node's 30 s), idle keep-alive connections closed
 * after `keepAliveTimeoutMs`, and errors in the service's shape.
 */
export function httpServerOptions(server: ServerConfig): HttpServerOptions {
  return {
    bodyLimit: server.bodyLimitBytes,
    requestTimeout: server.requestTimeoutMs,
    keepAliveTimeout: server.keepAliveTimeoutMs,
    http: {
      headersTimeout: server.headersTimeoutMs,
      requestTimeout: server.requestTimeoutMs,
      connectionsCheckingInterval: 1000,
    },
    clientErrorHandler: onClientError,
    frameworkErrors: onFrameworkError as never,
  };
}
