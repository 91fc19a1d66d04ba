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
      [...this.checks.values()].map(async (c): Promise<[string, string]> => {
        try {
          const result = await c.check();
          return [c.name, result === true ? 'ok' : result];
        } catch (error) {
          return [c.name, (error as Error).message || 'failed'];
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    if (this.draining) checks.shutdown = 'draining';
    const ready = !this.draining && entries.every(([, status]) => status === 'ok');
    return { ready, draining: this.draining, checks };
  }
}
