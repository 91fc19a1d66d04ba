import { Test } from '@nestjs/testing';
import { GraphExchanges } from './graph-exchanges';
import { GraphCallsApi } from './calls-api.service';
import { AnswerRequestDto } from './dto/answer-request.dto';
import { UpdateRecordingStatusRequestDto } from './dto/update-recording-status-request.dto';
import { validateGraphRequest } from './dto/validate-graph-request';
import { GraphHttpClient, GraphResponse } from './graph-http.client';
import { GraphRequestError } from './graph-request.error';

type Sent = [method: string, path: string, body: unknown, opts: unknown];

class StubHttp {
  readonly sent: Sent[] = [];
  next: Partial<GraphResponse<unknown>> = {};

  request(
    method: string,
    path: string,
    body: unknown,
    opts: unknown,
  ): Promise<GraphResponse<unknown>> {
    this.sent.push([method, path, body, opts]);
    return Promise.resolve({
      status: 202,
      body: undefined,
      location: undefined,
      requestId: 'rid',
      clientRequestId: 'cid',
      timings: { tokenMs: 0, requestMs: 1, backoffMs: 0, attempts: 1 },
      ...this.next,
    });
  }
}

const answerBody = {
  callbackUri: 'https://bot.example.com/api/calling',
  acceptedModalities: ['audio'],
  mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
};

describe('GraphCallsApi', () => {
  let http: StubHttp;
  let sut: GraphCallsApi;
  let exchanges: GraphExchanges;

  beforeEach(async () => {
    http = new StubHttp();
    const moduleRef = await Test.createTestingModule({
      providers: [GraphCallsApi, GraphExchanges, { provide: GraphHttpClient, useValue: http }],
    }).compile();
    sut = moduleRef.get(GraphCallsApi);
    exchanges = moduleRef.get(GraphExchanges);
  });

  it('reports every request about a call to the exchange observers, failures included', async () => {
    const seen: unknown[] = [];
    exchanges.observe((exchange) => seen.push(exchange));
    await sut.keepAlive('abc');
    const failure = new GraphRequestError({
      status: 500,
      code: '7117',
      message: 'no',
      requestId: 'r2',
      clientRequestId: 'c2',
      timings: {
        tokenMs: 0,
        requestMs: 1,
        backoffMs: 0,
        attempts: 2,
        retried: [{ afterMs: 40, status: 503, code: 'ServiceUnavailable' }],
      },
    });
    http.request = () => Promise.reject(failure);
    await expect(sut.reject('abc', { reason: 'busy' })).rejects.toBe(failure);
    expect(seen).toEqual([
      expect.objectContaining({
        callId: 'abc',
        action: 'keepAlive',
        ok: true,
        status: 202,
        requestId: 'rid',
        clientRequestId: 'cid',
        startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
      expect.objectContaining({
        action: 'reject',
        ok: false,
        status: 500,
        code: '7117',
        requestId: 'r2',
        clientRequestId: 'c2',
        attempts: 2,
        // What the console's timeline draws: the retried attempt, and the decision's body.
        retried: [{ afterMs: 40, status: 503, code: 'ServiceUnavailable' }],
        body: expect.objectContaining({ reason: 'busy' }),
      }),
    ]);
    // Only decisions carry their body; a keep-alive's is of no interest.
    expect(seen[0]).not.toHaveProperty('body');
  });

  it('posts a validated answer to the call and passes the options on', async () => {
    const body = validateGraphRequest(AnswerRequestDto, answerBody);
    const opts = { deadlineAt: 123, scenarioId: 's' };

    const result = await sut.answer('abc-DEF_1', body, opts);

    expect(http.sent).toEqual([['POST', '/communications/calls/abc-DEF_1/answer', body, opts]]);
    expect(result).toEqual({
      value: undefined,
      status: 202,
      requestId: 'rid',
      clientRequestId: 'cid',
      timings: { tokenMs: 0, requestMs: 1, backoffMs: 0, attempts: 1 },
    });
  });

  it('validates a body that did not come from validateGraphRequest', async () => {
    await sut.answer('abc', answerBody as unknown as AnswerRequestDto);
    expect(http.sent[0][2]).toBeInstanceOf(AnswerRequestDto);
  });

  it('refuses an invalid body with a GraphRequestError and sends nothing', async () => {
    const bad = { ...answerBody, acceptedModalities: [] } as unknown as AnswerRequestDto;
    await expect(sut.answer('abc', bad)).rejects.toMatchObject({
      name: 'GraphRequestError',
      status: null,
      code: 'invalidRequest',
      message: expect.stringContaining('acceptedModalities: ') as unknown,
    });
    expect(http.sent).toHaveLength(0);
  });

  it.each(['../users', 'abc/def', 'a b', '', 'abc?x=1', 'é'])(
    'refuses the call id %p before it reaches a URL',
    async (callId) => {
      const error = await sut.keepAlive(callId).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GraphRequestError);
      expect(error).toMatchObject({ code: 'invalidRequest', attempts: 0 });
      expect(http.sent).toHaveLength(0);
    },
  );

  it.each([
    [
      'reject',
      () => sut.reject('c1', { reason: 'busy' }),
      'POST',
      '/communications/calls/c1/reject',
    ],
    [
      'redirect',
      () => sut.redirect('c1', { targets: [{ identity: { user: { id: 'u' } } }] }),
      'POST',
      '/communications/calls/c1/redirect',
    ],
    ['keepAlive', () => sut.keepAlive('c1'), 'POST', '/communications/calls/c1/keepAlive'],
    ['hangUp', () => sut.hangUp('c1'), 'DELETE', '/communications/calls/c1'],
  ])('%s goes to the right place', async (_name, call, method, path) => {
    await call();
    expect(http.sent[0].slice(0, 2)).toEqual([method, path]);
  });

  it('sends keepAlive and hangUp without a body', async () => {
    await sut.keepAlive('c1');
    await sut.hangUp('c1');
    expect(http.sent.map((s) => s[2])).toEqual([undefined, undefined]);
  });

  it('returns the operation of updateRecordingStatus', async () => {
    const operation = {
      '@odata.type': '#microsoft.graph.updateRecordingStatusOperation',
      id: 'op-1',
      clientContext: 'ctx',
      status: 'completed',
    };
    http.next = { status: 200, body: operation };
    const body = validateGraphRequest(UpdateRecordingStatusRequestDto, {
      clientContext: 'ctx',
      status: 'recording',
    });

    const result = await sut.updateRecordingStatus('c1', body);

    expect(http.sent[0].slice(0, 2)).toEqual([
      'POST',
      '/communications/calls/c1/updateRecordingStatus',
    ]);
    expect(result.value).toEqual(operation);
  });

  it('takes the operation id from Location when playPrompt returns no body', async () => {
    http.next = {
      status: 200,
      location: 'https://graph/v1.0/communications/calls/c1/operations/op-9',
    };
    const result = await sut.playPrompt('c1', {
      prompts: [
        {
          '@odata.type': '#microsoft.graph.mediaPrompt',
          mediaInfo: { uri: 'https://cdn.example.com/a.wav', resourceId: 'a' },
        },
      ],
    });
    expect(result.value).toEqual({ id: 'op-9' });
  });
});
