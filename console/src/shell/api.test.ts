import { describe, expect, it } from 'vitest';
import { Api, ApiError, UnauthorizedError } from './api';
import type { KeyStore } from './key-store';

function store(key: string | null): KeyStore {
  let value = key;
  return { get: () => value, set: (k) => (value = k), clear: () => (value = null) };
}

function responder(
  status: number,
  body: unknown,
  seen: { url?: string; init?: RequestInit }[],
): typeof fetch {
  return (async (url: string, init: RequestInit) => {
    seen.push({ url, init });
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  }) as unknown as typeof fetch;
}

describe('Api', () => {
  it('sends the key as a bearer header, never in the URL', async () => {
    const seen: { url?: string; init?: RequestInit }[] = [];
    const api = new Api(store('secret-key'), responder(200, { value: [] }, seen));
    await api.calls();
    expect(seen[0].url).toBe('/api/calls?limit=200');
    expect(seen[0].url).not.toContain('secret-key');
    expect((seen[0].init?.headers as Record<string, string>).authorization).toBe(
      'Bearer secret-key',
    );
  });

  it('turns 401 into UnauthorizedError and other refusals into the API message', async () => {
    const refused = new Api(
      store('wrong'),
      responder(401, { statusCode: 401, message: 'a valid operator API key is required' }, []),
    );
    await expect(refused.calls()).rejects.toBeInstanceOf(UnauthorizedError);
    const late = new Api(
      store('k'),
      responder(410, { statusCode: 410, message: 'the deadline has passed' }, []),
    );
    const error = await late.decide('c', 'answer', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 410, message: 'the deadline has passed' });
  });

  it('sends nothing without a key', async () => {
    const seen: { url?: string }[] = [];
    const api = new Api(store(null), responder(200, {}, seen));
    await expect(api.call('c')).rejects.toBeInstanceOf(UnauthorizedError);
    expect(seen).toHaveLength(0);
  });
});
