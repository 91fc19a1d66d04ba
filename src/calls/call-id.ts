import { DomainError, DomainErrorCode } from '../common/errors/domain.error';

/** Call ids reach Graph URLs, so only letters, digits, `-` and `_` (docs/http-interface.md). */
export const CALL_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export function assertCallId(id: unknown): string {
  if (typeof id !== 'string' || !CALL_ID_PATTERN.test(id)) {
    throw new DomainError(
      DomainErrorCode.InvalidRequest,
      "call id must contain only letters, digits, '-' and '_' (at most 128)",
    );
  }
  return id;
}
