import { Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { AnswerRequestDto, validateGraphRequest } from '../../graph';
import type { CallRecord } from '../../store';
import type { IncomingCall } from '../incoming-call';
import { AnswerContributionError, type AnswerContributor } from './answer.contributor';
import { AnswerPipeline } from './answer.pipeline';

const base = (): AnswerRequestDto =>
  validateGraphRequest(AnswerRequestDto, {
    callbackUri: 'https://bot.example/api/calling',
    acceptedModalities: ['audio'],
    mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
  });

const context = (signal = new AbortController().signal) => ({
  call: { id: 'c1', isPolicyRecording: true } as CallRecord,
  incoming: { resource: {}, facts: {} } as unknown as IncomingCall,
  action: { type: 'answer' as const, mediaProfile: 'hd' },
  signal,
  budgetAt: performance.now() + 1000,
});

const contributor = (
  name: string,
  contribute: AnswerContributor['contribute'],
  extra: Partial<AnswerContributor> = {},
): AnswerContributor => ({ name, contribute, ...extra });

describe('AnswerPipeline', () => {
  let sut: AnswerPipeline;

  beforeEach(() => {
    sut = new AnswerPipeline();
  });

  // Failures are logged on purpose; the specs assert on behaviour, so keep the output clean.
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('returns the base body itself when nobody contributes', async () => {
    const body = base();
    sut.register(contributor('silent', () => undefined));

    expect(await sut.build(context(), body)).toBe(body);
  });

  it('merges contributions in registration order, later ones winning, callOptions merged', async () => {
    sut.register(
      contributor('media', () => ({
        mediaConfig: { '@odata.type': '#microsoft.graph.appHostedMediaConfig', blob: 'b1' },
        callOptions: {
          '@odata.type': '#microsoft.graph.incomingCallOptions',
          isContentSharingNotificationEnabled: true,
        },
      })),
    );
    sut.register(
      contributor('policy', async ({ body, action }) => {
        expect(body.mediaConfig).toMatchObject({ blob: 'b1' });
        expect(action.mediaProfile).toBe('hd');
        return {
          participantCapacity: 3,
          callOptions: {
            '@odata.type': '#microsoft.graph.incomingCallOptions',
            hideBotAfterEscalation: true,
          },
        };
      }),
    );

    const body = await sut.build(context(), base());

    expect(JSON.parse(JSON.stringify(body))).toEqual({
      callbackUri: 'https://bot.example/api/calling',
      acceptedModalities: ['audio'],
      mediaConfig: { '@odata.type': '#microsoft.graph.appHostedMediaConfig', blob: 'b1' },
      callOptions: {
        '@odata.type': '#microsoft.graph.incomingCallOptions',
        isContentSharingNotificationEnabled: true,
        hideBotAfterEscalation: true,
      },
      participantCapacity: 3,
    });
  });

  it('turns a contributor failure into an AnswerContributionError, keeping a typed one as it is', async () => {
    const typed = new AnswerContributionError('provider down', { type: 'reject', reason: 'busy' });
    sut.register(contributor('typed', () => Promise.reject(typed)));
    await expect(sut.build(context(), base())).rejects.toBe(typed);

    const other = new AnswerPipeline();
    other.register(contributor('broken', () => Promise.reject(new Error('boom'))));
    const error = await other.build(context(), base()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnswerContributionError);
    expect(error).toMatchObject({ message: 'broken: boom', fallback: undefined });
  });

  it('refuses a contribution that makes the body invalid', async () => {
    sut.register(
      contributor('bad', () => ({ acceptedModalities: ['fax'] as unknown as ['audio'] })),
    );

    await expect(sut.build(context(), base())).rejects.toThrow(/acceptedModalities/);
  });

  it('stops when the budget has run out', async () => {
    const controller = new AbortController();
    const second = jest.fn();
    sut.register(
      contributor('slow', async () => {
        controller.abort(new Error('budget'));
        return undefined;
      }),
    );
    sut.register(contributor('never', second));

    await expect(sut.build(context(controller.signal), base())).rejects.toThrow('budget');
    expect(second).not.toHaveBeenCalled();
  });

  it('builds the fallback from synchronous contributions only, and never throws', () => {
    const body = base();
    sut.register(contributor('async only', jest.fn()));
    expect(sut.buildFallback({ ...context(), body })).toBe(body);

    sut.register(
      contributor('fallback profile', jest.fn(), {
        contributeFallback: () => ({
          mediaConfig: { '@odata.type': '#microsoft.graph.appHostedMediaConfig', blob: 'spare' },
        }),
      }),
    );
    expect(sut.buildFallback({ ...context(), body }).mediaConfig).toMatchObject({ blob: 'spare' });

    sut.register(
      contributor('broken fallback', jest.fn(), {
        contributeFallback: () => ({ acceptedModalities: [] }),
      }),
    );
    expect(sut.buildFallback({ ...context(), body })).toBe(body);
  });

  it('collects every contributor’s start-up problems', () => {
    sut.register(contributor('a', jest.fn(), { validateAction: (_, path) => [`${path}: a`] }));
    sut.register(contributor('b', jest.fn()));
    const remove = sut.register(
      contributor('c', jest.fn(), { validateAction: (_, path) => [`${path}: c`] }),
    );

    expect(sut.validateAction({ type: 'answer' }, 'answer.fallback')).toEqual([
      'answer.fallback: a',
      'answer.fallback: c',
    ]);
    remove();
    expect(sut.size).toBe(2);
  });
});
