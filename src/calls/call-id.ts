import { DomainError, DomainErrorCode } from '../common/errors/domain.error';

import { CALL_ID_PATTERN } from '../common/ids/call-id.pattern';

export function assertCallId(id: unknown): string {
  if (typeof id !== 'string' || !CALL_ID_PATTERN.test(id)) {
    throw new DomainError(
      DomainErrorCode.InvalidRequest,
      "call id must contain only letters, digits, '-' and '_' (at most 128)",
    );
  }
  return id;
}
