import { Test } from '@nestjs/testing';
import type { CallOperation, CallRecord } from '../calls';
import { mediaConfig } from '../config';
import { GraphCallsApi, GraphRequestError } from '../graph';
import { MemoryCallStore } from '../store';
import { EstablishedPromptService } from './established-prompt.service';
import { mediaFacts, withMediaFacts } from './media-call.facts';
import { MediaProfiles } from './media-profiles.service';
import { callRecord, callsProviders, settings } from './media.testing';

const WELCOME = { uri: 'https://media.example.test/welcome.wav', resourceId: 'welcome-v1' };
const TIMINGS = { tokenMs: 0, requestMs: 1, backoffMs: 0, attempts: 1 };

async function build() {
  const config = settings({
    media: {
      defaultProfile: 'ivr',
      profiles: {
        ivr: { type: 'serviceHosted', promptOnEstablished: [WELCOME] },
        quiet: { type: 'serviceHosted' },
      },
    },
  });
  const store = new MemoryCallStore();
  const graph = { playPrompt: jest.fn() };
  const moduleRef = await Test.createTestingModule({
    providers: [
      EstablishedPromptService,
      MediaProfiles,
      ...callsProviders(store),
      { provide: GraphCallsApi, useValue: graph },
      { provide: mediaConfig.KEY, useValue: config.media },
    ],
  }).compile();
  return { sut: moduleRef.get(EstablishedPromptService), store, graph };
}

/** A call answered with `profile`, whose prompt (if it has one) is pending. */
async function answeredWith(
  store: MemoryCallStore,
  profile: string,
  id = 'call-1',
): Promise<CallRecord> {
  const call = withMediaFacts(callRecord({ id, state: 'established' }), (facts) => ({
    ...facts,
    profile,
    prompt: { status: 'pending', clientContext: null, operationId: null, error: null },
  }));
  await store.create(call);
  return call;
}

function running(clientContext: string) {
  return {
    value: {
      '@odata.type': '#microsoft.graph.playPromptOperation',
      id: 'op-1',
      status: 'running',
      clientContext,
    },
    status: 200,
    requestId: undefined,
    clientRequestId: 'c',
    timings: TIMINGS,
  };
}

describe('EstablishedPromptService', () => {
  it("plays the profile's prompt with a clientContext and tracks its operation", async () => {
    const { sut, store, graph } = await build();
    const call = await answeredWith(store, 'ivr');
    graph.playPrompt.mockImplementation((_id: string, body: { clientContext: string }) =>
      Promise.resolve(running(body.clientContext)),
    );

    const operation = await sut.onEstablished(call);

    expect(graph.playPrompt).toHaveBeenCalledTimes(1);
    const [callId, body, options] = graph.playPrompt.mock.calls[0] as [
      string,
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    expect(callId).toBe('call-1');
    expect(body).toMatchObject({
      prompts: [{ '@odata.type': '#microsoft.graph.mediaPrompt', mediaInfo: WELCOME }],
      clientContext: expect.any(String),
    });
    expect(options).toMatchObject({ scenarioId: 'scenario-1' });
    const stored = (await store.get('call-1'))!;
    expect(stored.operations).toEqual([operation]);
    expect(operation).toMatchObject({ id: 'op-1', kind: 'playPrompt', status: 'running' });
    expect(mediaFacts(stored).prompt).toMatchObject({
      status: 'playing',
      operationId: 'op-1',
      clientContext: body.clientContext,
    });
  });

  it('plays once whatever the number of established events, concurrent ones included', async () => {
    const { sut, store, graph } = await build();
    const call = await answeredWith(store, 'ivr');
    graph.playPrompt.mockImplementation((_id: string, body: { clientContext: string }) =>
      Promise.resolve(running(body.clientContext)),
    );

    await Promise.all([sut.onEstablished(call), sut.onEstablished(call), sut.onEstablished(call)]);
    await sut.onEstablished((await store.get('call-1'))!);

    expect(graph.playPrompt).toHaveBeenCalledTimes(1);
  });

  it('plays nothing for a profile without a prompt or a call without media facts', async () => {
    const { sut, store, graph } = await build();
    await sut.onEstablished(await answeredWith(store, 'quiet', 'quiet-call'));
    await sut.onEstablished(callRecord({ id: 'unknown' }));
    expect(graph.playPrompt).not.toHaveBeenCalled();
  });

  it('closes the prompt on its completion notification, even one that beat the playPrompt response', async () => {
    const { sut, store, graph } = await build();
    const call = await answeredWith(store, 'ivr');
    graph.playPrompt.mockImplementation(async (_id: string, body: { clientContext: string }) => {
      const completed: CallOperation = {
        id: 'op-1',
        kind: 'playPrompt',
        clientContext: body.clientContext,
        status: 'completed',
        updatedAt: new Date().toISOString(),
      };
      // What the Calls module does with the operation notification, before Graph's response lands.
      const tracked = await store.update('call-1', (c) => ({ ...c, operations: [completed] }));
      await sut.onOperation(tracked!, completed);
      return running(body.clientContext);
    });

    await sut.onEstablished(call);

    const stored = (await store.get('call-1'))!;
    expect(stored.operations).toEqual([
      expect.objectContaining({ id: 'op-1', status: 'completed' }),
    ]);
    expect(mediaFacts(stored).prompt).toMatchObject({ status: 'completed', operationId: 'op-1' });
  });

  it('records a prompt Graph refused as failed, with the error', async () => {
    const { sut, store, graph } = await build();
    const call = await answeredWith(store, 'ivr');
    graph.playPrompt.mockRejectedValue(
      new GraphRequestError({
        status: 400,
        code: 'BadRequest',
        message: 'playPrompt is only supported for service-hosted media.',
        clientRequestId: 'c',
        timings: TIMINGS,
      }),
    );

    expect(await sut.onEstablished(call)).toBeUndefined();

    expect(mediaFacts((await store.get('call-1'))!).prompt).toMatchObject({
      status: 'failed',
      error: { status: 400, code: 'BadRequest' },
    });
  });

  it('ignores operations that are not its prompt', async () => {
    const { sut, store } = await build();
    const call = await answeredWith(store, 'ivr');
    await sut.onOperation(call, {
      id: 'other',
      kind: 'updateRecordingStatus',
      clientContext: 'someone-else',
      status: 'completed',
      updatedAt: new Date().toISOString(),
    });
    expect(mediaFacts((await store.get('call-1'))!).prompt?.status).toBe('pending');
  });
});
