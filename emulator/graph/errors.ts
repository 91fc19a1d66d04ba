import { newId } from '../core/util';

/** Graph's error body: `{"error":{"code","message","innerError":{"request-id","date","client-request-id"}}}`. */
export function graphError(
  code: string,
  message: string,
  clientRequestId: string | null,
): { error: { code: string; message: string; innerError: Record<string, string> } } {
  const requestId = newId();
  const innerError: Record<string, string> = {
    'request-id': requestId,
    date: new Date().toISOString().replace(/\.\d{3}Z$/, ''),
  };
  if (clientRequestId) innerError['client-request-id'] = clientRequestId;
  return { error: { code, message, innerError } };
}

/** Default error codes by status, as Graph names them. */
export function defaultCode(status: number): string {
  switch (status) {
    case 400:
      return 'BadRequest';
    case 401:
      return 'InvalidAuthenticationToken';
    case 403:
      return 'Forbidden';
    case 404:
      return 'itemNotFound';
    case 409:
      return 'Conflict';
    case 415:
      return 'UnsupportedMediaType';
    case 429:
      return 'TooManyRequests';
    case 502:
      return 'BadGateway';
    case 503:
      return 'ServiceUnavailable';
    case 504:
      return 'GatewayTimeout';
    default:
      return status >= 500 ? 'InternalServerError' : 'BadRequest';
  }
}

/** What the calling platform answers for a call it does not (or no longer) know, as seen in the field. */
export const CALL_NOT_FOUND = { status: 404, code: '8522', message: 'Call not found.' };
/** updateRecordingStatus on a call that is not policy-based recording (comms-samples#444). */
export const NOT_COMPLIANCE_RECORDING = {
  status: 403,
  code: '8506',
  message: 'API call not allowed for non-Compliance Recording call',
};
