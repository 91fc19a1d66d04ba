import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError, DomainErrorCode } from '../errors/domain.error';
import { ErrorBody, errorBody } from '../errors/error-body';

const STATUS_BY_CODE: Record<DomainErrorCode, number> = {
  [DomainErrorCode.CallNotFound]: 404,
  [DomainErrorCode.CallAlreadyDecided]: 409,
  [DomainErrorCode.DeadlinePassed]: 410,
  [DomainErrorCode.InvalidRequest]: 400,
  [DomainErrorCode.Unauthenticated]: 401,
  [DomainErrorCode.TenantMismatch]: 403,
  [DomainErrorCode.NotReady]: 503,
};

function messageOf(response: unknown, fallback: string): string {
  if (typeof response === 'string') return response;
  if (typeof response === 'object' && response !== null && 'message' in response) {
    const { message } = response;
    if (Array.isArray(message)) return message.map(String).join('; ');
    if (typeof message === 'string') return message;
  }
  return fallback;
}

interface HttpExceptionLike {
  getStatus(): number;
  getResponse(): string | object;
  readonly message: string;
}

/**
 * An `HttpException`, from our copy of `@nestjs/common` or from an extension's own: a module
 * installed with a NestJS of its own throws instances of another class, which `instanceof` would
 * turn into a 500. Recognised by the shape Nest itself relies on (`getStatus`, `getResponse`).
 */
export function isHttpException(exception: unknown): exception is HttpExceptionLike {
  if (exception instanceof HttpException) return true;
  if (!(exception instanceof Error)) return false;
  const candidate = exception as Partial<Record<'getStatus' | 'getResponse', unknown>>;
  if (typeof candidate.getStatus !== 'function' || typeof candidate.getResponse !== 'function') {
    return false;
  }
  const status: unknown = (candidate.getStatus as () => unknown).call(exception);
  return Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599;
}

/** Maps any error to `{statusCode, error, message}`; an unexpected one becomes a bare 500. */
export function toErrorBody(exception: unknown, logger: Logger): ErrorBody {
  if (exception instanceof DomainError) {
    return errorBody(STATUS_BY_CODE[exception.code], exception.message);
  }
  if (isHttpException(exception)) {
    const status = exception.getStatus();
    return errorBody(status, messageOf(exception.getResponse(), exception.message));
  }
  const status = (exception as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Fastify's own client errors (415, 413, malformed JSON): safe to repeat their message.
    return errorBody(status, (exception as Error).message);
  }
  logger.error({ err: exception }, 'unhandled error');
  return errorBody(500, 'Internal server error');
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = toErrorBody(exception, this.logger);
    void reply.status(body.statusCode).header('content-type', 'application/json').send(body);
  }
}
