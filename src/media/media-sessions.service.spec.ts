import { performance } from 'node:perf_hooks';
import { Test } from '@nestjs/testing';
import { mediaConfig } from '../config';
import { MEDIA_SESSION_PROVIDER } from './media.constants';
import type { AppHostedMediaProfile } from './media-profile';
import type { MediaSessionProvider } from './media-session.provider';
import { MediaSessionError, MediaSessions } from './media-sessions.service';
import { callRecord, incomingCall, settings } from './media.testing';
import { StaticMediaSessionProvider } from './static-media-session.provider';

const PROFILE: AppHostedMediaProfile = {
  name: 'bot',
  type: 'appHosted',
  modalities: ['audio'],
  modalityMismatch: 'acceptSubset',
  modalityRejectReason: 'none',
  contentSharingNotifications: null,
  fallback: null,
  blobSource: 'provider',
  blobFile: null,
  providerTimeoutMs: null,
};

async function build(provider?: MediaSessionProvider) {
  // The provider's time: what is left of the decision budget − 100 ms (reserve).
  const config = settings({ media: { providerReserveMs: 100 } });
  const moduleRef = await Test.createTestingModule({
    providers: [
      MediaSessions,
      StaticMediaSessionProvider,
      { provide: mediaConfig.KEY, useValue: config.media },
      ...(provider ? [{ provide: MEDIA_SESSION_PROVIDER, useValue: provider }] : []),
    ],
  }).compile();
  const sut = moduleRef.get(MediaSessions);
  return { sut, found: sut.resolve() };
}

/** A request whose decision budget ends in `budgetMs`. */
function request(budgetMs: number, signal = new AbortController().signal) {
  return [
    { call: callRecord(), incoming: incomingCall(), profile: PROFILE, signal },
    performance.now() + budgetMs,
  ] as const;
}

describe('MediaSessions', () => {
  it('finds the provider a module of the application provides', async () => {
    expect((await build({ createBlob: async () => 'b' })).found).toBe(true);
    expect((await build()).found).toBe(false);
  });

  it('cuts off a provider that ignores its signal when its time is up, and aborts that signal', async () => {
    let signal: AbortSignal | undefined;
    const { sut } = await build({
      createBlob: (ctx) => {
        signal = ctx.signal;
        return new Promise<string>(() => undefined);
      },
    });
    const budget = new AbortController();
    await expect(sut.createBlob(...request(300, budget.signal))).rejects.toThrow(
      /^no blob within \d+ ms$/,
    );
    expect(signal?.reason).toBeInstanceOf(MediaSessionError);
    // Our own limit fired, not the decision budget's signal.
    expect(budget.signal.aborted).toBe(false);
  });

  it('asks nothing when the budget is already spent', async () => {
    const createBlob = jest.fn();
    const { sut } = await build({ createBlob });
    await expect(sut.createBlob(...request(50))).rejects.toThrow('no time left');
    expect(createBlob).not.toHaveBeenCalled();
  });

  it('turns a provider that throws synchronously into a MediaSessionError', async () => {
    const { sut } = await build({
      createBlob: () => {
        throw new TypeError('bad wiring');
      },
    });
    await expect(sut.createBlob(...request(4800))).rejects.toMatchObject({
      name: 'MediaSessionError',
      message: 'the media session provider failed: bad wiring',
    });
  });

  it('without a provider, a profile without static blob cannot get one', async () => {
    const { sut } = await build();
    await expect(sut.createBlob(...request(4800))).rejects.toThrow('no media session provider');
  });
});
