/**
 * Paths pino removes from every log line: credentials and bearer tokens must never reach logs,
 * whichever object carries them.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.authorization',
  '*.Authorization',
  '*.clientSecret',
  '*.client_secret',
  '*.accessToken',
  '*.access_token',
  '*.token',
  '*.apiKey',
  '*.password',
];

/**
 * Query parameters whose values are credentials somewhere (an operator key pasted as `?key=`, an
 * OAuth `code`, a signed URL's `sig`). Compared lower-cased, `-` read as `_`.
 */
const SECRET_QUERY_NAMES: ReadonlySet<string> = new Set([
  'key',
  'api_key',
  'apikey',
  'x_api_key',
  'token',
  'access_token',
  'id_token',
  'refresh_token',
  'code',
  'secret',
  'client_secret',
  'password',
  'sig',
  'signature',
  'auth',
  'authorization',
]);

const REDACTED = '[redacted]';

function redactParameter(parameter: string): string {
  const equals = parameter.indexOf('=');
  const rawName = equals < 0 ? parameter : parameter.slice(0, equals);
  let name: string;
  try {
    name = decodeURIComponent(rawName.replace(/\+/g, ' '));
  } catch {
    name = rawName;
  }
  if (!SECRET_QUERY_NAMES.has(name.toLowerCase().replace(/-/g, '_'))) return parameter;
  return `${rawName}=${REDACTED}`;
}

/** A request URL as logged: the values of credential-like query parameters replaced. */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const parameters = url
    .slice(query + 1)
    .split('&')
    .map(redactParameter);
  return `${url.slice(0, query)}?${parameters.join('&')}`;
}
