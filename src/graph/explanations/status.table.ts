import type { ExplanationRow } from './explanation.types';

const GRAPH_ERRORS =
  'Microsoft Learn, "Microsoft Graph error responses": https://learn.microsoft.com/graph/errors';
const THROTTLING =
  'Microsoft Learn, "Microsoft Graph throttling guidance": https://learn.microsoft.com/graph/throttling';
const RESULT_INFO =
  'Microsoft Learn, "resultInfo resource type": https://learn.microsoft.com/graph/api/resources/resultinfo';
const LOCAL = 'Switchboard: raised by this service, not by Graph (docs/graph-errors.md)';

function row(
  status: number | string,
  source: string,
  summary: string,
  check: string,
): ExplanationRow {
  return { status, subcode: null, summary, check, source };
}

/**
 * The fallback when no sub-code is known: what an HTTP status (or a local error code) of a
 * calling request usually means.
 */
export const STATUS_ROWS: readonly ExplanationRow[] = [
  row(
    400,
    GRAPH_ERRORS,
    'Graph refused the request as malformed.',
    "The request body against Graph's documentation; the answer rules and media profiles that built it.",
  ),
  row(
    401,
    GRAPH_ERRORS,
    'Graph refused the token, even after a fresh one was fetched.',
    'AZURE_TENANT_ID, AZURE_CLIENT_ID and the client secret; that the app registration is in the tenant it claims.',
  ),
  row(
    403,
    GRAPH_ERRORS,
    'The app is not allowed to do this on this call.',
    "The app's calling permissions and admin consent in the call's tenant; for recording, the compliance policy that names this bot.",
  ),
  row(
    404,
    GRAPH_ERRORS,
    'Graph no longer knows the call: it ended, or the id is not one of this app.',
    'Whether the call had already terminated (its notifications, its deadline).',
  ),
  row(
    408,
    RESULT_INFO,
    'Something in the call timed out on the platform side.',
    'The sub-code; the network between the media host and Microsoft when media is involved.',
  ),
  row(
    409,
    GRAPH_ERRORS,
    'The call is not in a state that allows the request (e.g. already answered or rejected).',
    'Whether another decision (another instance, an operator) reached Graph first.',
  ),
  row(
    429,
    THROTTLING,
    'Graph throttled the app: too many requests in a short time.',
    'Request rates per app and tenant; Retry-After is honoured within the deadline.',
  ),
  row(
    500,
    GRAPH_ERRORS,
    'An error inside Graph or the calling platform, without more detail.',
    'The sub-code or DiagCode in the message; the request-id and client-request-id for support.',
  ),
  row(
    502,
    GRAPH_ERRORS,
    'A gateway in front of the calling service failed.',
    'Microsoft 365 service health; retried within the deadline.',
  ),
  row(
    503,
    GRAPH_ERRORS,
    'The calling service is unavailable or overloaded for now.',
    'Microsoft 365 service health; retried within the deadline.',
  ),
  row(
    504,
    GRAPH_ERRORS,
    'A gateway timed out waiting for the calling service.',
    'Microsoft 365 service health; retried within the deadline.',
  ),
  row(
    'connectionError',
    LOCAL,
    'No connection to Graph: DNS, refused or reset connection, or TLS failure.',
    'Outbound access to the Graph host (firewall, proxy), GRAPH_BASE_URL, and the CA bundle that verifies its certificate.',
  ),
  row(
    'timeout',
    LOCAL,
    'Graph did not answer one attempt within graph.requestTimeoutMs.',
    'Latency to Graph from this host; the attempt was retried while the deadline allowed.',
  ),
  row(
    'deadlineExceeded',
    LOCAL,
    "The call's deadline came before Graph accepted the request (Graph kept failing, or the decision took too long).",
    'The last error in the message, decision latency, and the number of attempts.',
  ),
  row(
    'aborted',
    LOCAL,
    'The request was cancelled by the service (shutdown, or the work on the call ended).',
    'Whether the instance was stopping at the time.',
  ),
  row(
    'tokenUnavailable',
    LOCAL,
    'No Graph token could be obtained from Azure AD.',
    'The AZURE_* settings, access to the login host, and the graphToken check of /health/ready.',
  ),
  row(
    'invalidRequest',
    LOCAL,
    'The service refused to send a request with a bad call id or body.',
    'The configuration that produced the body (rules, media profiles) and the call id received.',
  ),
];
