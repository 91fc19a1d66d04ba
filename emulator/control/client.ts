import { readFileSync } from 'node:fs';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import type { RuntimeOptions } from '../core/options';
import type {
  BotAction,
  CallRecord,
  EmulatorStats,
  Fault,
  PlaceCallOptions,
  PlacedCall,
  PolicyGroup,
  ScenarioName,
} from '../core/types';
import { omit } from '../core/util';
import { parseMaybeJson } from '../notifications/http-poster';
import { CONTROL_PREFIX } from './routes';

/** What `simulate` and `start-local` need from an emulator, in-process or behind its control API. */
export interface SimulationTarget {
  placeCall(scenario: ScenarioName, opts?: PlaceCallOptions): Promise<PlacedCall>;
  waitForAction(callId: string, timeoutMs?: number): Promise<BotAction>;
  getCall(callId: string): CallRecord | undefined | Promise<CallRecord | undefined>;
  hangUp(callId: string): void | Promise<unknown>;
  waitForGroup(groupId: string, timeoutMs?: number): Promise<PolicyGroup>;
  stats(callIds?: readonly string[]): EmulatorStats | Promise<EmulatorStats>;
}

/**
 * A client of a running emulator's control API (`npm run emulator` in another terminal). It
 * trusts the emulator's CA in addition to the usual roots; it never switches verification off.
 */
export class EmulatorClient implements SimulationTarget {
  private readonly agent: https.Agent;
  private readonly base: string;

  constructor(url: string, caPath: string) {
    this.base = url.replace(/\/+$/, '');
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: 128,
      ca: [...rootCertificates, readFileSync(caPath, 'utf8')],
    });
  }

  private request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = https.request(
        `${this.base}${CONTROL_PREFIX}${path}`,
        {
          method,
          agent: this.agent,
          headers: text === undefined ? {} : { 'Content-Type': 'application/json' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const parsed = parseMaybeJson(
              Buffer.concat(chunks).toString('utf8'),
              res.headers['content-type'],
            );
            const status = res.statusCode ?? 0;
            if (status >= 400) {
              const message = (parsed as { error?: string } | undefined)?.error ?? `HTTP ${status}`;
              reject(new Error(message));
            } else {
              resolve(parsed as T);
            }
          });
        },
      );
      req.on('error', reject);
      req.end(text);
    });
  }

  info(): Promise<Record<string, unknown>> {
    return this.request('GET', '');
  }

  configure(changes: Partial<RuntimeOptions>): Promise<unknown> {
    return this.request('PATCH', '/config', changes);
  }

  placeCall(scenario: ScenarioName, opts: PlaceCallOptions = {}): Promise<PlacedCall> {
    return this.request('POST', '/calls', { scenario, ...omit(opts, ['mutate']) });
  }

  waitForAction(callId: string, timeoutMs?: number): Promise<BotAction> {
    const query = timeoutMs === undefined ? '' : `?timeoutMs=${timeoutMs}`;
    return this.request('GET', `/calls/${encodeURIComponent(callId)}/action${query}`);
  }

  getCall(callId: string): Promise<CallRecord | undefined> {
    return this.request<CallRecord>('GET', `/calls/${encodeURIComponent(callId)}`).catch(
      () => undefined,
    );
  }

  hangUp(callId: string): Promise<unknown> {
    return this.request('POST', `/calls/${encodeURIComponent(callId)}/hangup`, {});
  }

  waitForGroup(groupId: string, timeoutMs?: number): Promise<PolicyGroup> {
    const query = timeoutMs === undefined ? '' : `?timeoutMs=${timeoutMs}`;
    return this.request('GET', `/groups/${encodeURIComponent(groupId)}/wait${query}`);
  }

  stats(callIds?: readonly string[]): Promise<EmulatorStats> {
    const query = callIds ? `?callIds=${callIds.map(encodeURIComponent).join(',')}` : '';
    return this.request('GET', `/stats${query}`);
  }

  injectFault(fault: Fault): Promise<{ id: string }> {
    return this.request('POST', '/faults', fault);
  }

  clearFaults(): Promise<unknown> {
    return this.request('DELETE', '/faults');
  }

  reset(): Promise<unknown> {
    return this.request('POST', '/reset', {});
  }

  close(): void {
    this.agent.destroy();
  }
}
