import { startStack, type TestStack } from './support';

/**
 * `/metrics` and the OpenAPI pages as a deployment configures them (`metrics.*`, `openapi.*`):
 * switched off, moved, or behind the operator API keys.
 */
const KEY = 'endpoints-operator-key';

async function statusOf(url: string, headers: Record<string, string> = {}): Promise<number> {
  return (await fetch(url, { headers })).status;
}

describe('operational endpoints, moved and protected', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({
      env: { OPERATOR_API_KEYS: KEY },
      config: {
        metrics: { path: '/internal/metrics', protected: true },
        openapi: { protected: true },
      },
    });
  });

  afterAll(() => stack.close());

  it('serves metrics at the configured path only, to operators only', async () => {
    expect(await statusOf(`${stack.baseUrl}/metrics`, { 'x-api-key': KEY })).toBe(404);
    const refused = await fetch(`${stack.baseUrl}/internal/metrics`);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'a valid operator API key is required',
    });
    expect(await statusOf(`${stack.baseUrl}/internal/metrics`, { 'x-api-key': 'wrong' })).toBe(401);

    const placed = await stack.emulator.placeCall('p2p-service-hosted');
    expect(placed.status).toBe(202);
    const scrape = await fetch(`${stack.baseUrl}/internal/metrics`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(scrape.status).toBe(200);
    // Healthy deliveries are counted rather than logged at info.
    expect(await scrape.text()).toMatch(
      /^switchboard_notification_responses_total\{status="202"\} [1-9]/m,
    );
  });

  it('puts the OpenAPI UI and document behind the operator key', async () => {
    for (const path of ['/api/docs', '/api/docs/', '/api/docs-json']) {
      expect({ path, status: await statusOf(`${stack.baseUrl}${path}`) }).toEqual({
        path,
        status: 401,
      });
    }
    expect(await statusOf(`${stack.baseUrl}/api/docs-json`, { 'x-api-key': KEY })).toBe(200);
    expect(await statusOf(`${stack.baseUrl}/api/docs`, { 'x-api-key': KEY })).toBe(200);
  });

  it('echoes the request id on every response, errors included', async () => {
    const response = await fetch(`${stack.baseUrl}/internal/metrics`, {
      headers: { 'x-request-id': 'probe-7' },
    });
    expect(response.headers.get('x-request-id')).toBe('probe-7');
  });
});

describe('operational endpoints, switched off', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({
      config: { metrics: { enabled: false }, openapi: { enabled: false } },
    });
  });

  afterAll(() => stack.close());

  it('serves neither metrics nor the OpenAPI pages', async () => {
    for (const path of ['/metrics', '/api/docs', '/api/docs-json']) {
      expect({ path, status: await statusOf(`${stack.baseUrl}${path}`) }).toEqual({
        path,
        status: 404,
      });
    }
    expect(await statusOf(`${stack.baseUrl}/health/live`)).toBe(200);
  });

  it('serves no operator console unless console.enabled (off but in development)', async () => {
    for (const path of ['/console', '/console/', '/console/index.html']) {
      expect({ path, status: await statusOf(`${stack.baseUrl}${path}`) }).toEqual({
        path,
        status: 404,
      });
    }
  });
});
