import { Injectable } from '@nestjs/common';

/** One condition for serving traffic, registered by the module that owns it. */
export interface ReadinessCheck {
  /** Shown in `/health/ready`, e.g. `graphToken`. */
  readonly name: string;
  /** True when ready; a string or a thrown error says why not. */
  check(): Promise<true | string> | true | string;
}

export interface ReadinessReport {
  ready: boolean;
  draining: boolean;
  checks: Record<string, string>;
}

/** Each check gets this long; the whole report is answered well inside the gateway's 500 ms. */
export const READINESS_CHECK_TIMEOUT_MS = 300;
const MAX_REASON_LENGTH = 80;

/**
 * A check's reason as it may be shown: its own words before any `: ` that would introduce an
 * upstream message (Azure AD's, ioredis'), bounded in length. An error thrown by a check is
 * named by its kind only, since its text is someone else's.
 */
export function shortReason(reason: string): string {
  const own = reason.split(': ')[0].trim() || 'failed';
  return own.length > MAX_REASON_LENGTH ? `${own.slice(0, MAX_REASON_LENGTH - 1)}…` : own;
}

@Injectable()
export class ReadinessService {
  private readonly checks = new Map<string, ReadinessCheck>();
  private drainingSince: number | undefined;

  register(check: ReadinessCheck): void {
    this.checks.set(check.name, check);
  }

  startDraining(): void {
    this.drainingSince ??= Date.now();
  }

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  async report(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks.values()].map(async (c): Promise<[string, string]> => [
        c.name,
        await this.run(c),
      ]),
    );
    const checks = Object.fromEntries(entries);
    if (this.draining) checks.shutdown = 'draining';
    const ready = !this.draining && entries.every(([, status]) => status === 'ok');
    return { ready, draining: this.draining, checks };
  }

  private async run(check: ReadinessCheck): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), READINESS_CHECK_TIMEOUT_MS);
    });
    const checked = (async (): Promise<string> => {
      try {
        const result = await check.check();
        return result === true ? 'ok' : shortReason(result);
      } catch (error) {
        const reason = (error as { reason?: unknown })?.reason;
        return typeof reason === 'string' ? shortReason(reason) : 'failed';
      }
    })();
    try {
      return await Promise.race([checked, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}
