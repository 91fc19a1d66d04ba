import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { LoggingConfigType } from '../../config';
import { stdoutDestination } from './log-destination';
import { REDACTED_PATHS } from './redaction';
import { serializeRequest, serializeResponse } from './request-summary';

/** Keys pino writes itself on every line (`level`, `time`, the root's bindings, `msg`). */
const PINO_KEYS = ['level', 'time', 'pid', 'hostname', 'msg'] as const;

/**
 * A logged object's key that pino writes too would appear twice in the line, and log stores that
 * reject duplicate keys drop such lines: it is renamed (`pid` → `pidField`).
 */
export function withoutPinoKeys(fields: Record<string, unknown>): Record<string, unknown> {
  let renamed: Record<string, unknown> | undefined;
  for (const key of PINO_KEYS) {
    if (!(key in fields)) continue;
    renamed ??= { ...fields };
    renamed[`${key}Field`] = renamed[key];
    delete renamed[key];
  }
  return renamed ?? fields;
}

/** pino-pretty is a development dependency: an image built without it logs JSON instead. */
function prettyAvailable(): boolean {
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/** `auto`: pretty on a terminal, JSON into a pipe or a file (a log collector, a test). */
export function wantsPretty(config: Pick<LoggingConfigType, 'format'>): boolean {
  if (config.format === 'pretty') return true;
  return config.format === 'auto' && process.stdout.isTTY === true;
}

/**
 * The process's logger: JSON lines (pino) on stdout, written asynchronously, secrets redacted, no
 * key twice in a line. `mixin` adds what every line of the current context carries (the request
 * it is about). `destination` replaces stdout and the format: tests read the lines from it.
 */
export function createRootLogger(
  config: Pick<LoggingConfigType, 'level' | 'format'>,
  destination?: DestinationStream,
  mixin?: () => Record<string, unknown>,
): Logger {
  const options: LoggerOptions = {
    level: config.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { req: serializeRequest, res: serializeResponse },
    formatters: { log: withoutPinoKeys },
    mixin,
  };
  if (destination) return pino(options, destination);
  if (wantsPretty(config) && prettyAvailable()) {
    return pino({ ...options, transport: { target: 'pino-pretty' } });
  }
  return pino(options, stdoutDestination());
}
