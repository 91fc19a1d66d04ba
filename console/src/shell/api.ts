import type { KeyStore } from './key-store';
import type { CallView, JournalEntry, Overview } from './types';

/** The API refused the key: the console goes back to asking for one. */
export class UnauthorizedError extends Error {
  constructor() {
    super('The operator key was refused (401): check it and enter it again.');
    this.name = 'UnauthorizedError';
  }
}

/** Any other answer than 2xx, with the service's own message (it names the field for a 400). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Decision = 'answer' | 'reject' | 'redirect';

/**
 * The operator API as the console uses it. Every request carries the key as
 * `Authorization: Bearer`; nothing goes in a URL but ids the API already shows.
 */
export class Api {
  constructor(
    private readonly keys: KeyStore,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
  ) {}

  /** The headers every call carries; throws when there is no key yet. */
  headers(extra: Record<string, string> = {}): Record<string, string> {
    const key = this.keys.get();
    if (!key) throw new UnauthorizedError();
    return { authorization: `Bearer ${key}`, ...extra };
  }

  async calls(limit = 200): Promise<CallView[]> {
    return (await this.json<{ value: CallView[] }>(`/api/calls?limit=${limit}`)).value;
  }

  call(id: string): Promise<CallView> {
    return this.json<CallView>(`/api/calls/${encodeURIComponent(id)}`);
  }

  async journal(id: string): Promise<JournalEntry[]> {
    return (
      await this.json<{ value: JournalEntry[] }>(`/api/calls/${encodeURIComponent(id)}/journal`)
    ).value;
  }

  overview(): Promise<Overview> {
    return this.json<Overview>('/api/overview');
  }

  decide(id: string, decision: Decision, body: object): Promise<CallView> {
    return this.json<CallView>(`/api/calls/${encodeURIComponent(id)}/${decision}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** A raw request with the key, for the events stream (read as a stream, not as JSON). */
  open(path: string, init: RequestInit = {}): Promise<Response> {
    return this.request(path, init);
  }

  private async json<T>(path: string, init: RequestInit = {}): Promise<T> {
    const response = await this.request(path, init);
    return (await response.json()) as T;
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    const response = await this.fetcher(path, {
      ...init,
      headers: this.headers((init.headers as Record<string, string> | undefined) ?? {}),
      cache: 'no-store',
    });
    if (response.status === 401) throw new UnauthorizedError();
    if (!response.ok) throw new ApiError(response.status, await messageOf(response));
    return response;
  }
}

async function messageOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: unknown };
    const message = Array.isArray(body.message) ? body.message.join('; ') : body.message;
    if (typeof message === 'string' && message.length > 0) return message;
  } catch {
    // Not JSON: the status says enough.
  }
  return response.statusText || `HTTP ${response.status}`;
}
