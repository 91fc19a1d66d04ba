/**
 * The bench's baseline: the least a Node.js server must do for the same job, with nothing but
 * Node's own modules. It verifies the RS256 notification token against the same JWKS (issuer,
 * audience, expiry), parses the body, answers 202, and for an incoming call POSTs the answer to
 * Graph with a cached client-credentials token over a keep-alive connection. No framework, no
 * validation beyond that, no store, no logging. Started by the bench (`--compare`) with the
 * environment the service gets from the emulator; `/health/ready` answers once keys and token
 * are in hand.
 */
import { createPublicKey, type JsonWebKey, type KeyObject, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent, request } from 'node:https';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const CLIENT_ID = env('AZURE_CLIENT_ID');
const ISSUERS = new Set(['https://graph.microsoft.com', 'https://api.botframework.com']);
const CALLBACK_URI = `${env('PUBLIC_BASE_URL')}/api/calling`;
const graph = new URL(env('GRAPH_BASE_URL'));
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

const keys = new Map<string, KeyObject>();
let graphToken = '';
let graphTokenExpiresAt = 0;

async function getJson(url: string, init?: RequestInit): Promise<Record<string, unknown>> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

async function loadKeys(): Promise<void> {
  const config = await getJson(env('NOTIFICATION_OPENID_CONFIG_URL'));
  const jwks = await getJson(String(config.jwks_uri));
  for (const jwk of jwks.keys as Array<JsonWebKey & { kid: string }>) {
    keys.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
  }
}

async function refreshGraphToken(): Promise<void> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: CLIENT_ID,
    client_secret: env('AZURE_CLIENT_SECRET'),
    scope: 'https://graph.microsoft.com/.default',
  });
  const url = `${env('AZURE_AUTHORITY_HOST')}/${env('AZURE_TENANT_ID')}/oauth2/v2.0/token`;
  const token = await getJson(url, { method: 'POST', body: form });
  graphToken = String(token.access_token);
  graphTokenExpiresAt = Date.now() + Number(token.expires_in) * 1000;
}

const decode = (part: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

/** The RS256 checks a Graph notification token must pass. */
function tokenIsValid(authorization: string | undefined): boolean {
  if (!authorization?.startsWith('Bearer ')) return false;
  const [header, payload, signature] = authorization.slice(7).split('.');
  if (!header || !payload || !signature) return false;
  const head = decode(header);
  const key = keys.get(String(head.kid));
  if (head.alg !== 'RS256' || !key) return false;
  const signed = Buffer.from(`${header}.${payload}`);
  if (!verify('RSA-SHA256', signed, key, Buffer.from(signature, 'base64url'))) return false;
  const claims = decode(payload);
  const now = Date.now() / 1000;
  return (
    ISSUERS.has(String(claims.iss)) &&
    String(claims.aud).toLowerCase() === CLIENT_ID.toLowerCase() &&
    Number(claims.exp) > now - 300 &&
    (claims.nbf === undefined || Number(claims.nbf) < now + 300)
  );
}

function answer(callId: string): void {
  if (Date.now() > graphTokenExpiresAt - 60_000) void refreshGraphToken();
  const body = JSON.stringify({
    callbackUri: CALLBACK_URI,
    acceptedModalities: ['audio'],
    mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
  });
  const sent = request(
    {
      agent,
      method: 'POST',
      hostname: graph.hostname,
      port: graph.port,
      path: `${graph.pathname}/communications/calls/${encodeURIComponent(callId)}/answer`,
      headers: {
        authorization: `Bearer ${graphToken}`,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      },
    },
    (response) => response.resume(),
  );
  sent.on('error', () => undefined);
  sent.end(body);
}

function handleNotification(req: IncomingMessage, res: ServerResponse): void {
  if (!tokenIsValid(req.headers.authorization)) {
    res.writeHead(401).end();
    req.resume();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let items: Array<Record<string, unknown>>;
    try {
      items = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { value: typeof items }).value;
      if (!Array.isArray(items)) throw new Error('no value');
    } catch {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(202).end();
    for (const item of items) {
      const data = item.resourceData as { state?: string } | undefined;
      const id = /\/calls\/([A-Za-z0-9_-]+)$/.exec(String(item.resourceUrl))?.[1];
      if (item.changeType === 'created' && data?.state === 'incoming' && id) answer(id);
    }
  });
}

const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/api/calling') return handleNotification(req, res);
  if (req.url === '/health/ready') return void res.writeHead(ready ? 200 : 503).end();
  res.writeHead(404).end();
});
let ready = false;

server.listen(Number(env('PORT')), process.env.HOST ?? '127.0.0.1', () => {
  Promise.all([loadKeys(), refreshGraphToken()]).then(
    () => (ready = true),
    (error: Error) => {
      process.stderr.write(`bare server: ${error.message}\n`);
      process.exit(1);
    },
  );
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
