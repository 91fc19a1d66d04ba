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

/** Maps any error to `{statusCode, error, message}`; an unexpected one becomes a bare 500. */
export function toErrorBody(exception: unknown, logger: Logger): ErrorBody {
  if (exception instanceof DomainError) {
    return errorBody(STATUS_BY_CODE[exception.code], exception.message);
  }
  if (exception instanceof HttpException) {
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
