import {
  validateAnswer,
  validatePlayPrompt,
  validateRecordingStatus,
  validateRedirect,
  validateReject,
} from './validation';

const serviceHosted = { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' };

describe('validateAnswer', () => {
  it('accepts the documented examples', () => {
    expect(
      validateAnswer(
        {
          callbackUri: 'https://bot.example/api/calling',
          acceptedModalities: ['audio'],
          mediaConfig: {
            ...serviceHosted,
            preFetchMedia: [{ uri: 'https://cdn.example/a.wav', resourceId: 'a' }],
          },
          callOptions: {
            '@odata.type': '#microsoft.graph.incomingCallOptions',
            isContentSharingNotificationEnabled: true,
            isDeltaRosterEnabled: true,
          },
        },
        false,
      ),
    ).toEqual({
      problems: [],
      shape: { mediaConfigType: 'serviceHosted', participantCapacity: null },
    });
    const pbr = validateAnswer(
      {
        acceptedModalities: ['audio'],
        mediaConfig: { '@odata.type': '#microsoft.graph.appHostedMediaConfig', blob: 'x' },
        participantCapacity: 200,
      },
      true,
    );
    expect(pbr).toEqual({
      problems: [],
      shape: { mediaConfigType: 'appHosted', participantCapacity: 200 },
    });
  });

  it.each([
    [{ mediaConfig: serviceHosted }, 'acceptedModalities'],
    [
      { acceptedModalities: ['audio', 'screenSharing'], mediaConfig: serviceHosted },
      'acceptedModalities[1]',
    ],
    [{ acceptedModalities: ['audio'] }, 'mediaConfig'],
    [{ acceptedModalities: ['audio'], mediaConfig: {} }, 'mediaConfig.@odata.type'],
    [
      { acceptedModalities: ['audio'], mediaConfig: { ...serviceHosted, blob: 'x' } },
      'mediaConfig.blob',
    ],
    [
      {
        acceptedModalities: ['audio'],
        mediaConfig: { ...serviceHosted, preFetchMedia: [{ uri: 'http://x/a.wav' }] },
      },
      'mediaConfig.preFetchMedia[0].uri',
    ],
    [
      { acceptedModalities: ['audio'], mediaConfig: serviceHosted, callbackUri: 'http://x' },
      'callbackUri',
    ],
    [
      { acceptedModalities: ['audio'], mediaConfig: serviceHosted, participantCapacity: 2 },
      'participantCapacity',
    ],
    [
      {
        acceptedModalities: ['audio'],
        mediaConfig: serviceHosted,
        callOptions: { hideBotAfterEscalation: 'yes' },
      },
      'callOptions.hideBotAfterEscalation',
    ],
    [{ acceptedModalities: ['audio'], mediaConfig: serviceHosted, extra: 1 }, 'extra'],
  ])('refuses %j naming %s', (body, field) => {
    const { problems } = validateAnswer(body, false);
    expect(problems.some((p) => p.startsWith(`${field}:`))).toBe(true);
  });

  it('refuses a body that is not an object', () => {
    expect(validateAnswer([], false).problems).toEqual(['body: must be a JSON object']);
  });
});

describe('reject, redirect, recording status, prompts', () => {
  it('checks the reject reason case-insensitively', () => {
    expect(validateReject({ reason: 'Busy' })).toEqual([]);
    expect(validateReject({ reason: 'later' })).toEqual([expect.stringMatching(/^reason:/)]);
  });

  it('checks redirect targets and timeout bounds', () => {
    const target = { identity: { phone: { id: '+15550100' } } };
    expect(validateRedirect({ targets: [target], timeout: 15 })).toEqual([]);
    expect(validateRedirect({ targets: [] })).toEqual([expect.stringMatching(/^targets:/)]);
    expect(validateRedirect({ targets: Array(26).fill(target) })).toHaveLength(1);
    expect(validateRedirect({ targets: [target], timeout: 91 })).toEqual([
      expect.stringMatching(/^timeout:/),
    ]);
    expect(validateRedirect({ targets: [{ identity: { user: {} } }] })).toEqual([
      expect.stringMatching(/^targets\[0\]\.identity\.user\.id:/),
    ]);
  });

  it('checks recording status values and clientContext length', () => {
    expect(validateRecordingStatus({ clientContext: 'c', status: 'recording' })).toEqual([]);
    expect(
      validateRecordingStatus({ clientContext: 'x'.repeat(257), status: 'paused' }),
    ).toHaveLength(2);
  });

  it('checks prompts', () => {
    const prompt = {
      '@odata.type': '#microsoft.graph.mediaPrompt',
      mediaInfo: { uri: 'https://x/a.wav' },
    };
    expect(validatePlayPrompt({ prompts: [prompt] })).toEqual([]);
    expect(validatePlayPrompt({ prompts: Array(21).fill(prompt) })).toHaveLength(1);
    expect(validatePlayPrompt({ prompts: [{ mediaInfo: {} }] })).toEqual([
      expect.stringMatching(/^prompts\[0\]\.mediaInfo\.uri:/),
    ]);
  });
});
