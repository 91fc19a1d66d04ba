import {
  DEFAULT_PUBLIC_BASE_URL,
  type Emulator,
  type EndpointName,
  type PlaceCallOptions,
  type RecordedRequest,
} from '../../emulator';
import { notificationFixture, type JsonObject } from './fixtures';

/** The operator API key the Calls e2e specs configure (`OPERATOR_API_KEYS`). */
export const OPERATOR_KEY = 'calls-e2e-operator-key';

/**
 * The service's own global callback (PUBLIC_BASE_URL is the emulator's default): the callbackUri
 * of its answers, and where it invites participants it has no seat for.
 */
export const OWN_CALLBACK = `${DEFAULT_PUBLIC_BASE_URL}/api/calling`;

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

/** `/api/calls` with an operator key (or `null` for none). */
export function operatorApi(baseUrl: string, key: string | null = OPERATOR_KEY) {
  const headers = (extra: Record<string, string> = {}): Record<string, string> =>
    key === null ? extra : { 'x-api-key': key, ...extra };
  const parse = async <T>(response: Response): Promise<ApiResponse<T>> => {
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  return {
    get: async <T = Record<string, unknown>>(path = ''): Promise<ApiResponse<T>> =>
      parse<T>(await fetch(`${baseUrl}/api/calls${path}`, { headers: headers() })),
    post: async <T = Record<string, unknown>>(
      path: string,
      body: unknown = {},
    ): Promise<ApiResponse<T>> =>
      parse<T>(
        await fetch(`${baseUrl}/api/calls${path}`, {
          method: 'POST',
          headers: headers({ 'content-type': 'application/json' }),
          body: JSON.stringify(body),
        }),
      ),
  };
}

/** The `resourceData` of a shared fixture's first notification. */
export function fixtureResource(name: string): JsonObject {
  const value = notificationFixture(name).value as JsonObject[];
  return value[0].resourceData as JsonObject;
}

/**
 * Places an emulator call whose incoming notification carries the shared fixture's `resourceData`
 * (the emulator's fresh call id kept), so Graph's documented payload goes through the whole
 * service and the emulator can judge the answer.
 */
export function placeFixtureCall(
  emulator: Emulator,
  fixture: string,
  opts: PlaceCallOptions = {},
  edit?: (resource: JsonObject) => void,
): ReturnType<Emulator['placeCall']> {
  const scenario = fixture.startsWith('pbr-') ? 'policy-recording' : 'p2p-service-hosted';
  return emulator.placeCall(scenario, {
    ...opts,
    mutate: (resource) => {
      const id = resource.id as string;
      for (const key of Object.keys(resource)) delete resource[key];
      Object.assign(resource, fixtureResource(fixture), {
        id,
        '@odata.id': `/communications/calls/${id}`,
      });
      edit?.(resource as JsonObject);
    },
  });
}

/** Graph requests the emulator received about a call, oldest first. */
export function graphRequests(
  emulator: Emulator,
  callId: string,
  endpoint?: EndpointName,
): RecordedRequest[] {
  return emulator.requests({ callId, ...(endpoint ? { endpoint } : {}) });
}

/** Polls until `read` returns something truthy (or throws after `timeoutMs`). */
export async function eventually<T>(
  read: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > until) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A commsNotification item about `callId` from a shared fixture, call ids replaced. */
export function fixtureItem(name: string, callId: string): JsonObject {
  const text = JSON.stringify((notificationFixture(name).value as JsonObject[])[0]);
  return JSON.parse(
    text.replace(/(\/communications\/calls\/|\/app\/calls\/)[A-Za-z0-9_-]+/g, `$1${callId}`),
  ) as JsonObject;
}

export { removeRedisKeys } from '../../src/store/redis.testing';
