import { Controller, Get, Global, HttpCode, Logger, Module, Post } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Logger as PinoNestLogger, PARAMS_PROVIDER_TOKEN } from 'nestjs-pino';
import { parseStrictJson } from '../../../test/support/strict-json';
import { loggingConfig } from '../../config';
import {
  bindToRequestLog,
  createRootLogger,
  LoggingModule,
  requestIdOf,
  requestLogFields,
} from './logging.module';

type Line = Record<string, unknown> & { msg?: string; req?: Record<string, unknown> };

const later = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

@Controller()
class ProbeController {
  private readonly logger = new Logger('ProbeController');

  @Post('work')
  @HttpCode(202)
  work(): void {
    this.logger.log({ graph: { token: 'not-for-logs' } }, 'working');
    // Work the request started, still running after its response.
    void later(20).then(() => this.logger.warn('finished later'));
  }

  @Post('call')
  @HttpCode(202)
  call(): void {
    bindToRequestLog({ callId: 'call-9' });
    this.logger.log('about the call');
    // As a call's own logger writes it: the call id given again, explicitly.
    this.logger.log({ callId: 'call-9', pid: 'not the process' }, 'the call again');
  }

  @Post('api/calling')
  @HttpCode(202)
  notification(): void {
    bindToRequestLog({ callId: 'call-10' });
  }

  @Get('fail')
  fail(): void {
    throw new Error('broken');
  }

  @Get('health/live')
  live(): { status: string } {
    return { status: 'ok' };
  }

  @Get('metrics')
  metrics(): string {
    return '';
  }
}

@Global()
@Module({
  providers: [{ provide: loggingConfig.KEY, useValue: { level: 'info', format: 'json' } }],
  exports: [loggingConfig.KEY],
})
class ConfigStub {}

/** The request logging of the service as `createApp` wires it, its lines read back as JSON. */
describe('LoggingModule', () => {
  let app: NestFastifyApplication;
  let lines: Line[];
  let rawLines: string[];

  /** The module as createApp wires it, on an adapter trusting `trustProxy`. */
  async function startApp(trustProxy: false | string[] = false): Promise<void> {
    lines = [];
    rawLines = [];
    const destination = {
      write: (line: string) => {
        rawLines.push(line);
        lines.push(JSON.parse(line) as Line);
      },
    };
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigStub, LoggingModule],
      controllers: [ProbeController],
    })
      .overrideProvider(PARAMS_PROVIDER_TOKEN)
      .useValue({
        pinoHttp: {
          logger: createRootLogger(
            { level: 'info', format: 'json' },
            destination,
            requestLogFields,
          ),
        },
        useExisting: true,
        forRoutes: [],
      })
      .compile();
    // As createApp builds it: the id a caller sent, else a new one.
    const adapter = new FastifyAdapter({ genReqId: requestIdOf, trustProxy });
    app = moduleRef.createNestApplication<NestFastifyApplication>(adapter, { bufferLogs: true });
    app.useLogger(app.get(PinoNestLogger));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    lines.length = 0;
  }

  beforeEach(() => startApp());

  afterEach(async () => {
    await app.close();
  });

  it('writes one line per request, with its id, route and chain id but no header', async () => {
    await app.inject({
      method: 'POST',
      url: '/work',
      headers: {
        'x-request-id': 'delivery-42',
        'x-microsoft-skype-chain-id': 'chain-7',
        authorization: 'Bearer secret-token',
      },
    });
    await later(40);

    const requestLines = lines.filter((line) => line.msg === 'request completed');
    expect(requestLines).toEqual([
      expect.objectContaining({
        level: 30,
        req: {
          id: 'delivery-42',
          method: 'POST',
          url: '/work',
          remoteAddress: '127.0.0.1',
          chainId: 'chain-7',
        },
        service: 'switchboard',
        res: { statusCode: 202 },
        responseTime: expect.any(Number) as number,
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret-token');
    expect(JSON.stringify(lines)).not.toContain('not-for-logs');
  });

  it('puts the request on the lines its handling writes, also after the response, secrets redacted', async () => {
    await app.inject({ method: 'POST', url: '/work', headers: { 'x-request-id': 'delivery-43' } });
    await later(40);

    const during = lines.find((line) => line.msg === 'working');
    const after = lines.find((line) => line.msg === 'finished later');
    for (const line of [during, after]) {
      expect(line).toMatchObject({ req: { id: 'delivery-43' }, service: 'switchboard' });
    }
    expect(during).toMatchObject({ context: 'ProbeController', graph: { token: '[redacted]' } });
    expect(after?.level).toBe(40);
  });

  it('adds the fields a handler binds to its later lines and to the request line', async () => {
    await app.inject({ method: 'POST', url: '/call', headers: { 'x-request-id': 'delivery-44' } });
    await later(20);
    const about = lines.find((line) => line.msg === 'about the call');
    const request = lines.find((line) => line.msg === 'request completed');
    expect(about).toEqual(expect.objectContaining({ callId: 'call-9' }));
    expect(request).toEqual(
      expect.objectContaining({
        callId: 'call-9',
        req: expect.objectContaining({ id: 'delivery-44' }),
      }),
    );
  });

  it('writes no key twice in a line, whatever a handler binds and logs', async () => {
    await app.inject({ method: 'POST', url: '/call' });
    await later(20);

    const again = rawLines.find((line) => line.includes('"the call again"'));
    expect(again).toBeDefined();
    for (const line of rawLines) expect(() => parseStrictJson(line)).not.toThrow();
    expect(JSON.parse(again ?? '{}')).toMatchObject({
      callId: 'call-9',
      pidField: 'not the process',
    });
  });

  it("echoes the request id on the response, the caller's or its own", async () => {
    const given = await app.inject({
      method: 'POST',
      url: '/work',
      headers: { 'x-request-id': 'gw-1' },
    });
    const own = await app.inject({ method: 'GET', url: '/health/live' });

    expect(given.headers['x-request-id']).toBe('gw-1');
    expect(own.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('redacts credential-like query values in the request line', async () => {
    await app.inject({ method: 'POST', url: '/work?key=op-secret&limit=3&access_token=tok' });
    await later(20);

    const request = lines.find((line) => line.msg === 'request completed');
    expect(request?.req?.url).toBe('/work?key=[redacted]&limit=3&access_token=[redacted]');
    expect(rawLines.join('')).not.toMatch(/op-secret|=tok/);
  });

  it('logs a healthy delivery from Graph at debug only, a refused one at info', async () => {
    await app.inject({ method: 'POST', url: '/api/calling' });
    await app.inject({
      method: 'GET',
      url: '/api/calling',
      headers: { 'x-request-id': 'r-404' },
    });
    await later(20);

    const requestLines = lines.filter((line) => line.req !== undefined && line.res !== undefined);
    expect(requestLines).toEqual([
      expect.objectContaining({ req: expect.objectContaining({ id: 'r-404' }) as unknown }),
    ]);
  });

  it.each([
    [false, '127.0.0.1'],
    [['127.0.0.1'], '198.51.100.7'],
  ] as const)('with trustProxy %j, logs the client as %s', async (trustProxy, client) => {
    await app.close();
    await startApp(trustProxy ? [...trustProxy] : false);
    await app.inject({
      method: 'POST',
      url: '/work',
      headers: { 'x-forwarded-for': '198.51.100.7' },
    });
    await later(20);

    const request = lines.find((line) => line.msg === 'request completed');
    expect(request?.req?.remoteAddress).toBe(client);
  });

  it('gives each request its own id when the caller sent none', async () => {
    await app.inject({ method: 'POST', url: '/work' });
    await app.inject({ method: 'POST', url: '/work' });
    await later(40);

    const ids = lines
      .filter((line) => line.msg === 'request completed')
      .map((line) => line.req?.id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports a failed request as errored', async () => {
    await app.inject({ method: 'GET', url: '/fail' });
    await later(10);

    expect(lines.find((line) => line.msg === 'request errored')).toMatchObject({
      req: { method: 'GET', url: '/fail' },
      res: { statusCode: 500 },
      err: { message: 'failed with status code 500' },
    });
  });

  it('leaves health probes and metric scrapes out', async () => {
    await app.inject({ method: 'GET', url: '/health/live' });
    await app.inject({ method: 'GET', url: '/metrics' });
    await later(10);

    expect(lines.filter((line) => line.req !== undefined)).toEqual([]);
  });

  it('writes lines outside any request without request fields', () => {
    new Logger('Outside').log('no request here');

    expect(lines.find((line) => line.msg === 'no request here')).not.toHaveProperty('req');
  });
});
