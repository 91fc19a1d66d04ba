import { CALL_ACTIONS, type EndpointName } from './types';

export interface Classified {
  kind: 'control' | 'aad' | 'keys' | 'graph' | 'other';
  endpoint: EndpointName;
  callId: string | null;
  /** `v1.0` or `beta` for Graph requests. */
  version: string | null;
}

/** Graph matches path segments case-insensitively: `keepalive` is `keepAlive`. */
const GRAPH_ACTIONS: ReadonlyMap<string, EndpointName> = new Map(
  CALL_ACTIONS.map((action) => [action.toLowerCase(), action]),
);

const GRAPH_CALL = /^\/(v1\.0|beta)\/communications\/calls\/([^/]+)(?:\/([^/]+))?\/?$/i;
const GRAPH_ANY = /^\/(v1\.0|beta)\//i;
const TOKEN = /^\/[^/]+\/oauth2\/(?:v2\.0\/)?token\/?$/i;
const AAD_METADATA =
  /^\/(?:[^/]+\/(?:v2\.0\/)?\.well-known\/openid-configuration|common\/discovery\/instance|[^/]+\/discovery\/(?:v2\.0\/)?keys)\/?$/i;
const NOTIFICATION_KEYS = /^\/v1\/(?:\.well-known\/openidconfiguration|keys)\/?$/i;

/** Which endpoint a request is for, so that faults and recordings can name it. */
export function classify(method: string, rawUrl: string): Classified {
  const path = rawUrl.split('?')[0];
  if (path.startsWith('/_emulator')) {
    return { kind: 'control', endpoint: 'graphOther', callId: null, version: null };
  }
  const call = GRAPH_CALL.exec(path);
  if (call) {
    const [, version, rawId, action] = call;
    const callId = safeDecode(rawId);
    let endpoint: EndpointName = 'graphOther';
    if (action) endpoint = GRAPH_ACTIONS.get(action.toLowerCase()) ?? 'graphOther';
    else if (method === 'DELETE') endpoint = 'deleteCall';
    else if (method === 'GET') endpoint = 'getCall';
    return { kind: 'graph', endpoint, callId, version };
  }
  const graph = GRAPH_ANY.exec(path);
  if (graph) return { kind: 'graph', endpoint: 'graphOther', callId: null, version: graph[1] };
  if (TOKEN.test(path)) return { kind: 'aad', endpoint: 'token', callId: null, version: null };
  if (AAD_METADATA.test(path))
    return { kind: 'aad', endpoint: 'aadMetadata', callId: null, version: null };
  if (NOTIFICATION_KEYS.test(path)) {
    return { kind: 'keys', endpoint: 'notificationKeys', callId: null, version: null };
  }
  return { kind: 'other', endpoint: 'graphOther', callId: null, version: null };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
