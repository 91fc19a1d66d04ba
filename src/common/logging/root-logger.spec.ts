import { parseStrictJson } from '../../../test/support/strict-json';
import { createRootLogger, wantsPretty, withoutPinoKeys } from './root-logger';

describe('wantsPretty', () => {
  const tty = process.stdout.isTTY;
  afterEach(() => {
    process.stdout.isTTY = tty;
  });

  it.each([
    ['json', true, false],
    ['json', false, false],
    ['pretty', false, true],
    ['auto', true, true],
    ['auto', false, false],
  ] as const)('format %s on a terminal: %s → pretty %s', (format, terminal, pretty) => {
    process.stdout.isTTY = terminal;
    expect(wantsPretty({ format })).toBe(pretty);
  });
});

describe('withoutPinoKeys', () => {
  it('renames the keys pino writes itself and leaves the object given alone', () => {
    const fields = { pid: 'a worker', msg: 'text', callId: 'c' };
    expect(withoutPinoKeys(fields)).toEqual({
      pidField: 'a worker',
      msgField: 'text',
      callId: 'c',
    });
    expect(fields).toEqual({ pid: 'a worker', msg: 'text', callId: 'c' });
  });

  it('returns an object without such keys as it is', () => {
    const fields = { callId: 'c' };
    expect(withoutPinoKeys(fields)).toBe(fields);
  });
});

describe('createRootLogger', () => {
  it('writes one line with each key once, whatever the fields, the mixin and the message say', () => {
    const lines: string[] = [];
    const logger = createRootLogger(
      { level: 'info', format: 'json' },
      { write: (l) => lines.push(l) },
      () => ({
        req: { id: 'r1' },
        callId: 'from-the-request',
      }),
    );

    logger.info({ callId: 'explicit', level: 'high', time: 3, hostname: 'x' }, 'message');

    expect(lines).toHaveLength(1);
    expect(parseStrictJson(lines[0])).toMatchObject({
      level: 30,
      msg: 'message',
      callId: 'explicit',
      levelField: 'high',
      timeField: 3,
      hostnameField: 'x',
      req: { id: 'r1' },
    });
  });
});
