import type { Level, Logger as Pino } from 'pino';

type LogMethod = {
  (message: string): void;
  (fields: object, message?: string): void;
};

/**
 * A call's logger: every line carries the call id and scenario id. Lines are written with them as
 * fields rather than through a pino child, whose bindings would be serialised and redacted once
 * more for each call; the hot path (which logs at debug) pays nothing when debug is off.
 */
export class CallLog {
  private bound: Pino | undefined;

  constructor(
    private readonly base: Pino,
    private readonly bindings: { callId: string; scenarioId: string | null },
  ) {}

  /** The pino child itself, for code that wants it (e.g. to bind more fields). */
  get pino(): Pino {
    return (this.bound ??= this.base.child(this.bindings));
  }

  readonly trace: LogMethod = (a: object | string, b?: string) => this.write('trace', a, b);
  readonly debug: LogMethod = (a: object | string, b?: string) => this.write('debug', a, b);
  readonly info: LogMethod = (a: object | string, b?: string) => this.write('info', a, b);
  readonly warn: LogMethod = (a: object | string, b?: string) => this.write('warn', a, b);
  readonly error: LogMethod = (a: object | string, b?: string) => this.write('error', a, b);

  private write(level: Level, a: object | string, b?: string): void {
    if (!this.base.isLevelEnabled(level)) return;
    if (typeof a === 'string') this.base[level]({ ...this.bindings }, a);
    // As pino would log an error given alone: under `err`, its message as the line's by default.
    else if (a instanceof Error) this.base[level]({ ...this.bindings, err: a }, b ?? a.message);
    else this.base[level]({ ...this.bindings, ...a }, b);
  }
}
