import { DomainError, DomainErrorCode } from '../common/errors/domain.error';

/**
 * The store could not do what was asked (unreachable, hung, or refusing the command). Answered
 * 503, so that Graph delivers the notification again; the message is short and never upstream
 * text, since it reaches error bodies and readiness.
 */
export class StoreUnavailableError extends DomainError {
  constructor(
    readonly reason: 'unavailable' | 'timeout' | 'refused',
    options?: { cause?: unknown },
  ) {
    super(DomainErrorCode.NotReady, `store ${reason}`);
    this.name = 'StoreUnavailableError';
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
