/** Every domain failure the HTTP layer can report; mapped to a status in one place. */
export enum DomainErrorCode {
  CallNotFound = 'CALL_NOT_FOUND',
  CallAlreadyDecided = 'CALL_ALREADY_DECIDED',
  DeadlinePassed = 'DEADLINE_PASSED',
  InvalidRequest = 'INVALID_REQUEST',
  Unauthenticated = 'UNAUTHENTICATED',
  /** A notification about a call that another tenant's token created. */
  TenantMismatch = 'TENANT_MISMATCH',
  NotReady = 'NOT_READY',
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
