import { HttpPoster } from '../notifications/http-poster';
import type { NotificationKeyRing } from '../notifications/key-ring';
import type { CallEntry } from './entries';
import type { DeliverOptions, DeliveryRecord, EmulatorOptions, HttpResult } from './types';
import { type JsonObject, monotonicMs, newId, round, trimSlash } from './util';

/** Bounded so that a chatty call cannot hold unlimited memory. */
const MAX_DELIVERIES_PER_CALL = 200;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Posts signed notifications to the bot the way Graph's gateway does (headers, bearer token,
 * public-URL mapping) and records each attempt on its call.
 */
export class NotificationDelivery {
  private readonly poster = new HttpPoster();

  constructor(
    private readonly options: EmulatorOptions,
    private readonly keys: NotificationKeyRing,
    private readonly closed: () => boolean,
  ) {}

  token(tenantId: string): Promise<string> {
    return this.keys.tokenFor(
      { issuer: this.options.notificationIssuer, audience: this.options.clientId, tenantId },
      this.options.notificationTokenReuseSeconds,
    );
  }

  async send(
    entry: CallEntry,
    kind: string,
    body: JsonObject,
    url: string,
    messageId?: string,
    token?: string,
  ): Promise<DeliveryRecord> {
    const record: DeliveryRecord = {
      kind,
      url,
      messageId: messageId ?? newId(),
      at: new Date().toISOString(),
      status: 0,
      durationMs: 0,
      responseBody: null,
      error: null,
    };
    entry.record.deliveries.push(record);
    if (entry.record.deliveries.length > MAX_DELIVERIES_PER_CALL) entry.record.deliveries.shift();
    if (this.closed()) {
      record.error = 'emulator closed';
      return record;
    }
    const started = monotonicMs();
    try {
      const bearer = token ?? (await this.token(entry.record.tenantId));
      const result = await this.poster.post(
        url,
        JSON.stringify(body),
        this.headers(bearer, entry.record.chainId, record.messageId, entry.record.tenantId),
        this.options.notificationTimeoutMs,
      );
      record.status = result.status;
      record.responseBody = result.body;
    } catch (error) {
      record.error = (error as Error).message;
    }
    record.durationMs = round(monotonicMs() - started, 3);
    return record;
  }

  /** POSTs any body to the bot, signed unless told otherwise; for tests of the bot's front door. */
  async deliver(body: unknown, opts: DeliverOptions = {}): Promise<HttpResult> {
    const path = opts.path ?? this.options.botPath;
    const url = /^https?:\/\//.test(path) ? path : `${trimSlash(this.options.botBaseUrl)}${path}`;
    const token = opts.token === undefined ? await this.token(this.options.tenantId) : opts.token;
    const headers = {
      ...this.headers(token, newId(), newId(), this.options.tenantId),
      ...(opts.headers ?? {}),
    };
    const text = opts.rawBody ?? JSON.stringify(body);
    return this.poster.post(url, text, headers, this.options.notificationTimeoutMs);
  }

  /** The bot's global callback (where incoming calls go), as reached from here. */
  globalCallback(): string {
    return `${trimSlash(this.options.botBaseUrl)}${this.options.botPath}`;
  }

  /**
   * Where a bot-supplied URI (callbackUri, inviteUri) is really delivered: under publicBaseUrl →
   * botBaseUrl, like the gateway; a loopback URI as is; anything else is never contacted.
   */
  mapUri(uri: string): string | null {
    const base = trimSlash(this.options.publicBaseUrl);
    if (uri.toLowerCase().startsWith(base.toLowerCase())) {
      return `${trimSlash(this.options.botBaseUrl)}${uri.slice(base.length)}`;
    }
    try {
      const host = new URL(uri).hostname;
      return LOOPBACK_HOSTS.has(host) ? uri : null;
    } catch {
      return null;
    }
  }

  close(): void {
    this.poster.close();
  }

  private headers(
    token: string | null,
    chainId: string,
    messageId: string,
    tenantId: string,
  ): Record<string, string> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json; charset=utf-8',
      Accept: 'application/json',
      'User-Agent': 'Microsoft-Skype/3.0,(Calling/1.0)',
      'X-Microsoft-Skype-Chain-ID': chainId,
      'X-Microsoft-Skype-Message-ID': messageId,
      'X-Microsoft-Tenant': tenantId,
    };
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    return headers;
  }
}
