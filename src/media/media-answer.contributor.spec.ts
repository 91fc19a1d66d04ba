import { Test } from '@nestjs/testing';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AnswerContributionError,
  type AnswerContext,
  type AnswerDecision,
  type CallRecord,
} from '../calls';
import { mediaConfig } from '../config';
import { MemoryCallStore } from '../store';
import { MEDIA_SESSION_PROVIDER } from './media.constants';
import { MediaAnswerContributor } from './media-answer.contributor';
import { mediaFacts } from './media-call.facts';
import { MediaProfiles } from './media-profiles.service';
import type { MediaSessionContext, MediaSessionProvider } from './media-session.provider';
import { MediaSessions } from './media-sessions.service';
import { callRecord, callsProviders, incomingCall, settings } from './media.testing';
import { StaticMediaSessionProvider } from './static-media-session.provider';

const SERVICE_HOSTED = '#microsoft.graph.serviceHostedMediaConfig';
const APP_HOSTED = '#microsoft.graph.appHostedMediaConfig';
const WELCOME = { uri: 'https://media.example.test/welcome.wav', resourceId: 'welcome-v1' };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'media-contributor-'));
  writeFileSync(join(dir, 'session.blob'), '{"mpUri":"net.tcp://media:8445"}\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROFILES = () => ({
  ivr: {
    type: 'serviceHosted',
    preFetchMedia: [WELCOME],
    promptOnEstablished: [WELCOME],
    callOptions: { isContentSharingNotificationEnabled: false },
  },
  plain: { type: 'serviceHosted', modalities: ['audio'] },
  fixed: { type: 'appHosted', blobFile: join(dir, 'session.blob'), modalities: ['audio', 'video'] },
  bot: {
    type: 'appHosted',
    modalities: ['audio', 'video'],
    fallback: { type: 'profile', profile: 'fixed' },
  },
  picky: {
    type: 'appHosted',
    modalities: ['audio', 'video'],
    modalityMismatch: 'reject',
    modalityRejectReason: 'forbidden',
    fallback: { type: 'reject', reason: 'busy' },
  },
  bare: { type: 'appHosted', providerTimeoutMs: 50 },
});

async function build(provider?: MediaSessionProvider, media: object = {}) {
  const config = settings({
    media: {
      defaultProfile: 'plain',
      profiles: PROFILES(),
      callOptions: { isContentSharingNotificationEnabled: true },
      providerReserveMs: 100,
      ...media,
    },
  });
  const store = new MemoryCallStore();
  const moduleRef = await Test.createTestingModule({
    providers: [
      MediaAnswerContributor,
      MediaProfiles,
      MediaSessions,
      StaticMediaSessionProvider,
      ...callsProviders(store),
      { provide: mediaConfig.KEY, useValue: config.media },
      ...(provider ? [{ provide: MEDIA_SESSION_PROVIDER, useValue: provider }] : []),
    ],
  }).compile();
  expect(moduleRef.get(StaticMediaSessionProvider).load()).toEqual([]);
  moduleRef.get(MediaSessions).resolve();
  return { sut: moduleRef.get(MediaAnswerContributor), store };
}

function context(
  action: Omit<AnswerDecision, 'type'>,
  options: { call?: CallRecord; requested?: string[]; signal?: AbortSignal } = {},
): AnswerContext {
  const decision: AnswerDecision = { type: 'answer', ...action };
  return {
    call: options.call ?? callRecord(),
    incoming: incomingCall(options.requested ?? ['audio', 'video']),
    action: decision,
    body: {
      callbackUri: 'https://bot.example.test/api/calling',
      acceptedModalities: [...(decision.acceptedModalities ?? ['audio'])],
      mediaConfig: { '@odata.type': SERVICE_HOSTED },
    },
    signal: options.signal ?? new AbortController().signal,
    budgetAt: performance.now() + 14_900,
  };
}

/** The fallback answer gets no signal nor budget: it has no time for I/O. */
function withoutSignal({ call, incoming, action, body }: AnswerContext) {
  return { call, incoming, action, body };
}

async function failure(promise: Promise<unknown>): Promise<AnswerContributionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AnswerContributionError);
  return error as AnswerContributionError;
}

describe('MediaAnswerContributor.contribute', () => {
  it('gives the contract default for a service-hosted profile without settings', async () => {
    const { sut } = await build(undefined, {
      callOptions: { isContentSharingNotificationEnabled: null },
    });
    expect(await sut.contribute(context({}))).toEqual({
      acceptedModalities: ['audio'],
      mediaConfig: { '@odata.type': SERVICE_HOSTED },
    });
  });

  it('sends preFetchMedia, and the profile content-sharing switch over media.callOptions', async () => {
    const { sut } = await build();
    expect(await sut.contribute(context({ mediaProfile: 'ivr' }))).toEqual({
      acceptedModalities: ['audio'],
      mediaConfig: { '@odata.type': SERVICE_HOSTED, preFetchMedia: [WELCOME] },
      callOptions: {
        '@odata.type': '#microsoft.graph.incomingCallOptions',
        isContentSharingNotificationEnabled: false,
      },
    });
  });

  it("leaves the content-sharing switch to the action's own callOptions", async () => {
    const { sut } = await build();
    const part = await sut.contribute(
      context({ callOptions: { isContentSharingNotificationEnabled: false } }),
    );
    expect(part.callOptions).toBeUndefined();
  });

  it('records a pending prompt on calls whose profile plays one', async () => {
    const { sut, store } = await build();
    const call = callRecord({ id: 'prompted' });
    await store.create(call);
    await sut.contribute(context({ mediaProfile: 'ivr' }, { call }));
    expect(mediaFacts((await store.get('prompted'))!)).toMatchObject({
      profile: 'ivr',
      prompt: { status: 'pending' },
    });
  });

  it('answers app-hosted with the static blob read from blobFile, without its final newline', async () => {
    const { sut } = await build();
    const part = await sut.contribute(
      context({ mediaProfile: 'fixed', acceptedModalities: ['audio', 'video'] }),
    );
    expect(part).toMatchObject({
      acceptedModalities: ['audio', 'video'],
      mediaConfig: { '@odata.type': APP_HOSTED, blob: '{"mpUri":"net.tcp://media:8445"}' },
    });
  });

  it("answers app-hosted with the custom provider's blob for the call", async () => {
    const seen: MediaSessionContext[] = [];
    const { sut } = await build({
      createBlob: async (ctx) => {
        seen.push(ctx);
        return `blob-for-${ctx.call.id}`;
      },
    });
    const part = await sut.contribute(context({ mediaProfile: 'bot' }));
    expect(part.mediaConfig).toEqual({ '@odata.type': APP_HOSTED, blob: 'blob-for-call-1' });
    expect(seen[0].profile).toMatchObject({ name: 'bot', blobSource: 'provider' });
    expect(seen[0].signal.aborted).toBe(false);
  });

  it("a failing provider gives the profile's fallback: the same answer with its fallback profile", async () => {
    const { sut } = await build({ createBlob: () => Promise.reject(new Error('sidecar down')) });
    const error = await failure(
      sut.contribute(context({ mediaProfile: 'bot', acceptedModalities: ['audio', 'video'] })),
    );
    expect(error.message).toBe(
      'media profile "bot": the media session provider failed: sidecar down',
    );
    expect(error.fallback).toEqual({
      type: 'answer',
      mediaProfile: 'fixed',
      acceptedModalities: ['audio', 'video'],
    });
  });

  it('a provider that returns no blob gives the fallback too (reject with its reason)', async () => {
    const { sut } = await build({ createBlob: async () => '   ' });
    const error = await failure(sut.contribute(context({ mediaProfile: 'picky' })));
    expect(error.fallback).toEqual({ type: 'reject', reason: 'busy' });
  });

  it('without a profile fallback, the error leaves the choice to answer.fallback', async () => {
    const { sut } = await build({ createBlob: () => Promise.reject(new Error('no')) });
    expect(
      (await failure(sut.contribute(context({ mediaProfile: 'bare' })))).fallback,
    ).toBeUndefined();
  });

  it('cuts off a provider that hangs, aborting its signal, and falls back', async () => {
    let signal: AbortSignal | undefined;
    const { sut } = await build({
      createBlob: (ctx) => {
        signal = ctx.signal;
        return new Promise<string>(() => undefined);
      },
    });
    const error = await failure(sut.contribute(context({ mediaProfile: 'bare' })));
    expect(error.message).toMatch(/no blob within \d+ ms/);
    expect(signal?.aborted).toBe(true);
  });

  it('stops when the decision budget aborts, leaving the fallback to the pipeline', async () => {
    const budget = new AbortController();
    const { sut } = await build({ createBlob: () => new Promise<string>(() => undefined) });
    const pending = sut.contribute(context({ mediaProfile: 'bot' }, { signal: budget.signal }));
    budget.abort(new Error('budget exceeded'));
    await expect(pending).rejects.toThrow('budget exceeded');
    await expect(pending).rejects.not.toBeInstanceOf(AnswerContributionError);
  });

  it('modalities the call did not request: subset by default, reject for an all-or-nothing profile', async () => {
    const provider = { createBlob: async () => 'blob' };
    const { sut } = await build(provider);
    const subset = await sut.contribute(
      context(
        { mediaProfile: 'bot', acceptedModalities: ['audio', 'video'] },
        { requested: ['audio'] },
      ),
    );
    expect(subset.acceptedModalities).toEqual(['audio']);
    const error = await failure(
      sut.contribute(
        context(
          { mediaProfile: 'picky', acceptedModalities: ['audio', 'video'] },
          { requested: ['audio'] },
        ),
      ),
    );
    expect(error.fallback).toEqual({ type: 'reject', reason: 'forbidden' });
  });

  it('a service-hosted profile takes every modality the call requested unless it lists its own', async () => {
    const { sut } = await build();
    const part = await sut.contribute(
      context({ mediaProfile: 'ivr', acceptedModalities: ['audio', 'video'] }),
    );
    expect(part.acceptedModalities).toEqual(['audio', 'video']);
    const plain = await sut.contribute(
      context({ mediaProfile: 'plain', acceptedModalities: ['audio', 'video'] }),
    );
    expect(plain.acceptedModalities).toEqual(['audio']);
  });

  it('refuses an unknown profile named at call time (the operator API)', async () => {
    const { sut } = await build();
    const error = await failure(sut.contribute(context({ mediaProfile: 'hd' })));
    expect(error.message).toBe('unknown media profile "hd"');
    expect(error.fallback).toBeUndefined();
  });
});

describe('MediaAnswerContributor.contributeFallback', () => {
  it('replaces a profile that needs the provider by its fallback profile, without I/O', async () => {
    const createBlob = jest.fn();
    const { sut, store } = await build({ createBlob });
    const call = callRecord({ id: 'fallen' });
    await store.create(call);
    const ctx = withoutSignal(context({ mediaProfile: 'bot' }, { call }));
    expect(sut.contributeFallback(ctx)).toMatchObject({
      mediaConfig: { '@odata.type': APP_HOSTED, blob: '{"mpUri":"net.tcp://media:8445"}' },
    });
    expect(createBlob).not.toHaveBeenCalled();
    await new Promise((done) => setImmediate(done));
    expect(mediaFacts((await store.get('fallen'))!)).toMatchObject({
      profile: 'fixed',
      prompt: null,
    });
  });

  it('adds nothing when no profile can be used without I/O', async () => {
    const { sut } = await build({ createBlob: jest.fn() });
    const ctx = withoutSignal(context({ mediaProfile: 'bare' }));
    expect(sut.contributeFallback(ctx)).toBeUndefined();
  });
});

describe('MediaAnswerContributor.validateAction', () => {
  it('names an unknown profile with the key of the action', async () => {
    const { sut } = await build();
    expect(
      sut.validateAction({ type: 'answer', mediaProfile: 'hd' }, 'answer.rules[2].action'),
    ).toEqual([
      'answer.rules[2].action.mediaProfile: unknown media profile "hd" (media.profiles: ivr, plain, fixed, bot, picky, bare)',
    ]);
  });

  it('names modalities the profile can never take', async () => {
    const { sut } = await build();
    expect(
      sut.validateAction({ type: 'answer', acceptedModalities: ['video'] }, 'answer.defaultAction'),
    ).toEqual([
      'answer.defaultAction.acceptedModalities: media profile "plain" takes only [audio]: no call could be answered',
    ]);
    expect(
      sut.validateAction(
        {
          type: 'answer',
          mediaProfile: 'picky',
          acceptedModalities: ['audio', 'videoBasedScreenSharing'],
        },
        'answer.rules[0].action',
      ),
    ).toEqual([
      expect.stringMatching(
        /^answer\.rules\[0\]\.action\.acceptedModalities: .*every call would be rejected$/,
      ),
    ]);
  });

  it('refuses a fallback answer that would need the provider', async () => {
    const { sut } = await build({ createBlob: jest.fn() });
    expect(sut.validateAction({ type: 'answer', mediaProfile: 'bot' }, 'answer.fallback')).toEqual([
      expect.stringMatching(
        /^answer\.fallback\.mediaProfile: media profile "bot" needs the media session provider/,
      ),
    ]);
    expect(
      sut.validateAction({ type: 'answer', mediaProfile: 'bot' }, 'answer.rules[0].action'),
    ).toEqual([]);
    expect(
      sut.validateAction({ type: 'answer', mediaProfile: 'fixed' }, 'answer.fallback'),
    ).toEqual([]);
  });
});
