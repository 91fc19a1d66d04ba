import { Test } from '@nestjs/testing';
import { CallEvents, type CallRecord } from '../calls';
import type { PolicyRecordingConfigType } from '../config';
import { GraphCallsApi, GraphRequestError, type GraphTimings } from '../graph';
import { InFlightTracker } from '../health';
import { MetricsService } from '../metrics';
import { MemoryCallStore } from '../store';
import { policyExtensionOf } from './policy-recording.extension';
import { PolicyRecordingMetrics } from './policy-recording.metrics';
import { baseProviders, callsProviders, callRecord } from './policy-recording.testing';
import { RecordingEvents } from './recording.events';
import { RecordingStatusService } from './recording-status.service';

const TIMINGS: GraphTimings = { tokenMs: 0, requestMs: 1, backoffMs: 0, attempts: 1 };

function graphError(status: number | null, code = 'ServiceUnavailable'): GraphRequestError {
  return new GraphRequestError({
    status,
    code,
    message: `failed with ${status}`,
    clientRequestId: 'crid',
    timings: TIMINGS,
  });
}

function operation(id: string, clientContext: string) {
  return {
    value: {
      '@odata.type': '#microsoft.graph.updateRecordingStatusOperation',
      id,
      clientContext,
      status: 'completed',
    },
    status: 200,
    requestId: undefined,
    clientRequestId: 'crid',
    timings: TIMINGS,
  };
}

describe('RecordingStatusService', () => {
  let sut: RecordingStatusService;
  let store: MemoryCallStore;
  let events: CallEvents;
  let inFlight: InFlightTracker;
  let update: jest.Mock;

  async function setUp(config: Partial<PolicyRecordingConfigType> = {}): Promise<void> {
    store = new MemoryCallStore();
    update = jest.fn((_id: string, body: { clientContext: string }) =>
      Promise.resolve(operation(`op-${update.mock.calls.length}`, body.clientContext)),
    );
    const moduleRef = await Test.createTestingModule({
      providers: [
        ...baseProviders(config),
        ...callsProviders(store),
        { provide: GraphCallsApi, useValue: { updateRecordingStatus: update } },
        MetricsService,
        PolicyRecordingMetrics,
        RecordingEvents,
        RecordingStatusService,
      ],
    }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    sut = moduleRef.get(RecordingStatusService);
    events = moduleRef.get(CallEvents);
    inFlight = moduleRef.get(InFlightTracker);
    await store.create(callRecord());
  }

  async function stored(): Promise<CallRecord> {
    return (await store.get('call-1'))!;
  }

  beforeEach(() => setUp());
  afterEach(() => store.onModuleDestroy());

  it('posts the configured status once, however often established is heard', async () => {
    const call = await stored();
    events.emit('established', { call });
    events.emit('established', { call });
    await Promise.all([sut.onEstablished(call), sut.onEstablished(call)]);
    await inFlight.idle(1000);

    expect(update).toHaveBeenCalledTimes(1);
    const [callId, body, options] = update.mock.calls[0] as [
      string,
      { clientContext: string; status: string },
      { scenarioId: string; deadlineAt: number },
    ];
    expect(callId).toBe('call-1');
    expect(body).toEqual({
      clientContext: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'recording',
    });
    expect(options).toMatchObject({ scenarioId: 'scenario-1', deadlineAt: expect.any(Number) });
    const call2 = await stored();
    expect(policyExtensionOf(call2).recordingStatus).toMatchObject({
      status: 'recording',
      source: 'established',
      state: 'sent',
      attempts: 1,
      clientContext: body.clientContext,
      operationId: 'op-1',
      operationStatus: 'completed',
    });
    expect(call2.operations).toEqual([
      expect.objectContaining({ id: 'op-1', kind: 'updateRecordingStatus', status: 'completed' }),
    ]);
  });

  it('posts notRecording when so configured, and nothing for other calls', async () => {
    await setUp({ recordingStatus: 'notRecording' });
    await sut.onEstablished(await stored());
    expect(update.mock.calls[0][1]).toMatchObject({ status: 'notRecording' });

    await store.create(callRecord({ id: 'regular', isPolicyRecording: false }));
    await sut.onEstablished((await store.get('regular'))!);
    expect(update).toHaveBeenCalledTimes(1);
  });

  it('retries failures worth retrying, within the configured attempts', async () => {
    update
      .mockRejectedValueOnce(graphError(503))
      .mockRejectedValueOnce(graphError(null, 'connectionError'));

    const result = await sut.setStatus('call-1', 'recording', null);

    expect(update).toHaveBeenCalledTimes(3);
    expect(result).toMatchObject({
      requested: true,
      record: { state: 'sent', attempts: 3, error: null },
    });
    // One logical request: the same clientContext on every attempt.
    expect(
      new Set(
        update.mock.calls.map(([, body]) => (body as { clientContext: string }).clientContext),
      ).size,
    ).toBe(1);
  });

  it('gives up after the configured attempts, and at once on a refusal', async () => {
    update.mockRejectedValue(graphError(503));
    const exhausted = await sut.setStatus('call-1', 'recording', null);
    expect(update).toHaveBeenCalledTimes(3);
    expect(exhausted).toMatchObject({
      record: { state: 'failed', attempts: 3, error: { status: 503 } },
    });

    update.mockReset().mockRejectedValue(graphError(403, 'Forbidden'));
    const refused = await sut.setStatus('call-1', 'failed', 'x');
    expect(update).toHaveBeenCalledTimes(1);
    expect(refused).toMatchObject({
      record: { state: 'failed', error: { status: 403, code: 'Forbidden' } },
    });
    expect(policyExtensionOf(await stored()).recordingStatus).toMatchObject({
      status: 'failed',
      state: 'failed',
    });
  });

  it('reports a recorder failure once, with a fresh clientContext', async () => {
    await sut.onEstablished(await stored());

    const first = await sut.reportFailure('call-1', 'no media');
    const again = await sut.reportFailure('call-1', 'still no media');

    expect(first).toMatchObject({
      requested: true,
      record: { status: 'failed', source: 'recorder', reason: 'no media' },
    });
    expect(again).toMatchObject({ requested: false, reason: 'unchanged' });
    expect(update).toHaveBeenCalledTimes(2);
    const contexts = update.mock.calls.map(
      ([, body]) => (body as { clientContext: string }).clientContext,
    );
    expect(contexts[0]).not.toBe(contexts[1]);
  });

  it('refuses unknown calls, other calls, unanswered calls and ended calls', async () => {
    await store.create(callRecord({ id: 'regular', isPolicyRecording: false }));
    await store.create(callRecord({ id: 'ended', state: 'terminated' }));
    await store.create(callRecord({ id: 'rejected', decision: 'reject', state: 'incoming' }));

    expect(await sut.reportFailure('nope', 'x')).toMatchObject({
      requested: false,
      reason: 'unknownCall',
    });
    expect(await sut.reportFailure('regular', 'x')).toMatchObject({
      requested: false,
      reason: 'notPolicyRecording',
    });
    expect(await sut.setStatus('rejected', 'failed', null)).toMatchObject({
      requested: false,
      reason: 'notAnswered',
    });
    expect(await sut.setStatus('ended', 'failed', null)).toMatchObject({
      requested: false,
      reason: 'ended',
    });
    expect(update).not.toHaveBeenCalled();
  });

  it('lets a newer status supersede one still retrying, whose result is then dropped', async () => {
    await setUp({ recordingStatusRetry: { attempts: 5, delayMs: 200, timeoutMs: 1000 } });
    update.mockRejectedValueOnce(graphError(503));
    const recording = sut.setStatus('call-1', 'recording', null);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const failed = await sut.reportFailure('call-1', 'gone');
    const superseded = await recording;

    expect(failed).toMatchObject({
      superseded: false,
      record: { status: 'failed', state: 'sent' },
    });
    expect(superseded).toMatchObject({ superseded: true, record: { status: 'recording' } });
    expect(update).toHaveBeenCalledTimes(2);
    expect(policyExtensionOf(await stored()).recordingStatus).toMatchObject({
      status: 'failed',
      state: 'sent',
    });
  });

  it('keeps what a failed operation’s notification said when Graph’s response comes after it', async () => {
    update.mockImplementationOnce(async (_id: string, body: { clientContext: string }) => {
      const failed = {
        id: 'op-1',
        kind: 'updateRecordingStatus',
        clientContext: body.clientContext,
        status: 'failed',
        updatedAt: new Date().toISOString(),
      };
      // What the Calls module does with the notification, then this module's listener.
      const tracked = await store.update('call-1', (c) => ({ ...c, operations: [failed] }));
      await sut.onOperation(tracked!, failed, {
        resultInfo: { code: 500, message: 'no recorder' },
      });
      return { ...operation('op-1', body.clientContext), value: { id: 'op-1', status: 'running' } };
    });

    const result = await sut.setStatus('call-1', 'recording', null);

    const expected = {
      state: 'failed',
      operationStatus: 'failed',
      error: { code: 'operationFailed' },
    };
    expect(result).toMatchObject({ requested: true, record: expected });
    expect(policyExtensionOf(await stored()).recordingStatus).toMatchObject(expected);
    expect((await stored()).operations).toEqual([
      expect.objectContaining({ id: 'op-1', status: 'failed' }),
    ]);
  });

  it('follows the operation notifications of its own request only', async () => {
    await sut.onEstablished(await stored());
    const { clientContext } = policyExtensionOf(await stored()).recordingStatus!;
    await sut.onOperation(
      await stored(),
      {
        id: 'other',
        kind: 'updateRecordingStatus',
        clientContext: 'x',
        status: 'failed',
        updatedAt: '',
      },
      {},
    );
    expect(policyExtensionOf(await stored()).recordingStatus).toMatchObject({ state: 'sent' });

    await sut.onOperation(
      await stored(),
      { id: 'op-1', kind: 'updateRecordingStatus', clientContext, status: 'failed', updatedAt: '' },
      { resultInfo: { code: 500, message: 'no recorder' } },
    );
    expect(policyExtensionOf(await stored()).recordingStatus).toMatchObject({
      state: 'failed',
      operationStatus: 'failed',
      error: { status: 500, code: 'operationFailed', message: 'no recorder' },
    });
  });
});
