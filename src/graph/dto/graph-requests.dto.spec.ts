import { AnswerRequestDto } from './answer-request.dto';
import { AppHostedMediaConfigDto, ServiceHostedMediaConfigDto } from './media-config.dto';
import { PlayPromptRequestDto } from './play-prompt-request.dto';
import { RedirectRequestDto } from './redirect-request.dto';
import { RejectRequestDto } from './reject-request.dto';
import { UpdateRecordingStatusRequestDto } from './update-recording-status-request.dto';
import {
  GraphRequestValidationError,
  isValidatedGraphRequest,
  validateGraphRequest as sut,
} from './validate-graph-request';

type Plain = Record<string, unknown>;

function problemsOf(dto: Parameters<typeof sut>[0], plain: unknown): string[] {
  try {
    sut(dto, plain);
  } catch (error) {
    expect(error).toBeInstanceOf(GraphRequestValidationError);
    return [...(error as GraphRequestValidationError).problems];
  }
  throw new Error('expected a validation error');
}

/** Round trip: what would go on the wire. */
function wire(instance: object): unknown {
  return JSON.parse(JSON.stringify(instance));
}

const SERVICE_HOSTED = '#microsoft.graph.serviceHostedMediaConfig';
const APP_HOSTED = '#microsoft.graph.appHostedMediaConfig';

const minimalAnswer = (): Plain => ({
  callbackUri: 'https://bot.example.com/api/calling',
  acceptedModalities: ['audio'],
  mediaConfig: { '@odata.type': SERVICE_HOSTED },
});

const fullAnswer = (): Plain => ({
  callbackUri: 'https://bot.example.com/api/calling',
  acceptedModalities: ['audio', 'video', 'videoBasedScreenSharing'],
  mediaConfig: {
    '@odata.type': SERVICE_HOSTED,
    preFetchMedia: [{ uri: 'https://cdn.example.com/hello.wav', resourceId: 'hello' }],
  },
  callOptions: {
    '@odata.type': '#microsoft.graph.incomingCallOptions',
    hideBotAfterEscalation: false,
    isContentSharingNotificationEnabled: true,
    isDeltaRosterEnabled: true,
    isInteractiveRosterEnabled: false,
  },
  participantCapacity: 200,
});

describe('validateGraphRequest', () => {
  describe('AnswerRequestDto', () => {
    it.each([
      ['minimal', minimalAnswer()],
      ['complete', fullAnswer()],
      [
        'app-hosted',
        { ...minimalAnswer(), mediaConfig: { '@odata.type': APP_HOSTED, blob: '<blob>' } },
      ],
      [
        'on a local host',
        { ...minimalAnswer(), callbackUri: 'https://localhost:3000/api/calling' },
      ],
    ])('accepts a %s body and serialises exactly what was given', (_name, plain) => {
      const before = JSON.stringify(plain);
      const body = sut(AnswerRequestDto, plain);

      expect(body).toBeInstanceOf(AnswerRequestDto);
      expect(wire(body)).toEqual(plain);
      expect(JSON.stringify(plain)).toBe(before);
      expect(isValidatedGraphRequest(body)).toBe(true);
    });

    it('builds the media config class named by @odata.type and keeps the discriminator', () => {
      const service = sut(AnswerRequestDto, minimalAnswer());
      const app = sut(AnswerRequestDto, {
        ...minimalAnswer(),
        mediaConfig: { '@odata.type': APP_HOSTED, blob: 'b' },
      });
      expect(service.mediaConfig).toBeInstanceOf(ServiceHostedMediaConfigDto);
      expect(app.mediaConfig).toBeInstanceOf(AppHostedMediaConfigDto);
      expect(app.mediaConfig['@odata.type']).toBe(APP_HOSTED);
    });

    const invalid: Array<[string, (p: Plain) => void, string]> = [
      [
        'an http callbackUri',
        (p) => (p.callbackUri = 'http://bot.example.com/api/calling'),
        'callbackUri: ',
      ],
      ['no callbackUri', (p) => delete p.callbackUri, 'callbackUri: '],
      ['no modalities', (p) => (p.acceptedModalities = []), 'acceptedModalities: '],
      [
        'an unknown modality',
        (p) => (p.acceptedModalities = ['audio', 'data']),
        'acceptedModalities: ',
      ],
      [
        'a repeated modality',
        (p) => (p.acceptedModalities = ['audio', 'audio']),
        'acceptedModalities: ',
      ],
      ['no mediaConfig', (p) => delete p.mediaConfig, 'mediaConfig: '],
      [
        'an unknown mediaConfig type',
        (p) => (p.mediaConfig = { '@odata.type': '#microsoft.graph.fancyMediaConfig' }),
        'mediaConfig.@odata.type: @odata.type must be one of #microsoft.graph.serviceHostedMediaConfig, #microsoft.graph.appHostedMediaConfig (got "#microsoft.graph.fancyMediaConfig")',
      ],
      [
        'a mediaConfig without a type',
        (p) => (p.mediaConfig = { blob: 'x' }),
        'mediaConfig.@odata.type: ',
      ],
      [
        'an http prefetch uri',
        (p) =>
          (p.mediaConfig = {
            '@odata.type': SERVICE_HOSTED,
            preFetchMedia: [{ uri: 'http://cdn.example.com/a.wav', resourceId: 'a' }],
          }),
        'mediaConfig.preFetchMedia[0].uri: uri must be an https URL',
      ],
      [
        'an empty prefetch resourceId',
        (p) =>
          (p.mediaConfig = {
            '@odata.type': SERVICE_HOSTED,
            preFetchMedia: [
              { uri: 'https://cdn.example.com/a.wav', resourceId: 'a' },
              { uri: 'https://cdn.example.com/b.wav', resourceId: '' },
            ],
          }),
        'mediaConfig.preFetchMedia[1].resourceId: ',
      ],
      [
        'an app-hosted config without a blob',
        (p) => (p.mediaConfig = { '@odata.type': APP_HOSTED, blob: '' }),
        'mediaConfig.blob: ',
      ],
      [
        'a blob on a service-hosted config',
        (p) => (p.mediaConfig = { '@odata.type': SERVICE_HOSTED, blob: 'x' }),
        'mediaConfig.blob: property blob should not exist',
      ],
      [
        'callOptions without a type',
        (p) => (p.callOptions = { hideBotAfterEscalation: true }),
        'callOptions.@odata.type: ',
      ],
      [
        'a non-boolean call option',
        (p) =>
          (p.callOptions = {
            '@odata.type': '#microsoft.graph.incomingCallOptions',
            isDeltaRosterEnabled: 'yes',
          }),
        'callOptions.isDeltaRosterEnabled: ',
      ],
      [
        'a negative participantCapacity',
        (p) => (p.participantCapacity = -1),
        'participantCapacity: ',
      ],
      [
        'a fractional participantCapacity',
        (p) => (p.participantCapacity = 1.5),
        'participantCapacity: ',
      ],
      [
        'a misspelt property',
        (p) => (p.callbakUri = 'https://x.example.com'),
        'callbakUri: property callbakUri should not exist',
      ],
    ];

    it.each(invalid)('refuses %s, naming the path', (_name, mutate, expected) => {
      const plain = fullAnswer();
      mutate(plain);
      const problems = problemsOf(AnswerRequestDto, plain);
      expect(problems.some((p) => p.startsWith(expected))).toBe(true);
    });

    it('refuses what is not an object', () => {
      expect(problemsOf(AnswerRequestDto, 'answer')).toEqual(['(body): must be a JSON object']);
      expect(problemsOf(AnswerRequestDto, [minimalAnswer()])).toEqual([
        '(body): must be a JSON object',
      ]);
    });

    it('lists every failing path in the message', () => {
      expect(() =>
        sut(AnswerRequestDto, {
          ...minimalAnswer(),
          callbackUri: 'ftp://x',
          acceptedModalities: [],
        }),
      ).toThrow(/invalid AnswerRequestDto: .*callbackUri: .*acceptedModalities: /);
    });
  });

  describe('RejectRequestDto', () => {
    it.each(['none', 'busy', 'forbidden'])('accepts reason %s', (reason) => {
      expect(wire(sut(RejectRequestDto, { reason }))).toEqual({ reason });
    });

    it('accepts a callbackUri', () => {
      const plain = { reason: 'busy', callbackUri: 'https://bot.example.com/api/calling' };
      expect(wire(sut(RejectRequestDto, plain))).toEqual(plain);
    });

    it.each([['Busy'], ['unknownFutureValue'], [undefined]])('refuses reason %p', (reason) => {
      expect(problemsOf(RejectRequestDto, { reason })[0]).toMatch(/^reason: /);
    });
  });

  describe('RedirectRequestDto', () => {
    const target = (identity: Plain): Plain => ({
      '@odata.type': '#microsoft.graph.invitationParticipantInfo',
      identity,
    });
    const valid = (): Plain => ({
      targets: [
        target({
          '@odata.type': '#microsoft.graph.identitySet',
          user: { '@odata.type': '#microsoft.graph.identity', id: 'user-1', displayName: 'Ada' },
        }),
        target({ phone: { id: '+12345678901' } }),
      ],
      timeout: 30,
      callbackUri: 'https://bot.example.com/api/calling',
    });

    it('accepts user and phone targets', () => {
      const plain = valid();
      expect(wire(sut(RedirectRequestDto, plain))).toEqual(plain);
    });

    it.each<[string, (p: Plain) => void, string]>([
      ['no targets', (p) => (p.targets = []), 'targets: '],
      [
        '26 targets',
        (p) => (p.targets = Array.from({ length: 26 }, () => target({ user: { id: 'u' } }))),
        'targets: ',
      ],
      ['a timeout under 15 s', (p) => (p.timeout = 14), 'timeout: '],
      ['a timeout over 90 s', (p) => (p.timeout = 91), 'timeout: '],
      ['a target without identity', (p) => (p.targets = [{}]), 'targets[0].identity: '],
      [
        'an identity naming nobody',
        (p) => (p.targets = [target({})]),
        'targets[0].identity: identity must name at least one of',
      ],
      [
        'an identity without id',
        (p) => (p.targets = [target({ user: { displayName: 'x' } })]),
        'targets[0].identity.user.id: ',
      ],
      [
        'a misspelt identity kind',
        (p) => (p.targets = [target({ user: { id: 'u' }, usr: { id: 'x' } })]),
        'targets[0].identity.usr: property usr should not exist',
      ],
      ['an http callbackUri', (p) => (p.callbackUri = 'http://x.example.com'), 'callbackUri: '],
    ])('refuses %s, naming the path', (_name, mutate, expected) => {
      const plain = valid();
      mutate(plain);
      expect(problemsOf(RedirectRequestDto, plain).some((p) => p.startsWith(expected))).toBe(true);
    });
  });

  describe('UpdateRecordingStatusRequestDto', () => {
    it.each(['notRecording', 'recording', 'failed'])('accepts status %s', (status) => {
      const plain = { clientContext: 'ctx', status };
      expect(wire(sut(UpdateRecordingStatusRequestDto, plain))).toEqual(plain);
    });

    it.each<[string, Plain, string]>([
      [
        'a clientContext over 256 characters',
        { clientContext: 'x'.repeat(257), status: 'recording' },
        'clientContext: ',
      ],
      ['no clientContext', { status: 'recording' }, 'clientContext: '],
      ['status unknown', { clientContext: 'c', status: 'unknown' }, 'status: '],
    ])('refuses %s', (_name, plain, expected) => {
      expect(
        problemsOf(UpdateRecordingStatusRequestDto, plain).some((p) => p.startsWith(expected)),
      ).toBe(true);
    });
  });

  describe('PlayPromptRequestDto', () => {
    const prompt = (uri = 'https://cdn.example.com/a.wav'): Plain => ({
      '@odata.type': '#microsoft.graph.mediaPrompt',
      mediaInfo: { uri, resourceId: 'a' },
    });

    it('accepts prompts and a clientContext', () => {
      const plain = { prompts: [prompt(), prompt()], clientContext: 'ctx' };
      expect(wire(sut(PlayPromptRequestDto, plain))).toEqual(plain);
    });

    it.each<[string, Plain, string]>([
      ['no prompts', { prompts: [] }, 'prompts: '],
      ['21 prompts', { prompts: Array.from({ length: 21 }, () => prompt()) }, 'prompts: '],
      [
        'an http prompt uri',
        { prompts: [prompt(), prompt('http://x.example.com/a.wav')] },
        'prompts[1].mediaInfo.uri: ',
      ],
      [
        'a prompt without a type',
        { prompts: [{ mediaInfo: { uri: 'https://x.example.com/a.wav', resourceId: 'a' } }] },
        'prompts[0].@odata.type: ',
      ],
      [
        'a prompt without mediaInfo',
        { prompts: [{ '@odata.type': '#microsoft.graph.mediaPrompt' }] },
        'prompts[0].mediaInfo: ',
      ],
    ])('refuses %s, naming the path', (_name, plain, expected) => {
      expect(problemsOf(PlayPromptRequestDto, plain).some((p) => p.startsWith(expected))).toBe(
        true,
      );
    });
  });
});
