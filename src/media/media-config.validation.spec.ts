import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigValidationError } from '../config';
import { settings } from './media.testing';

/** `media` as the configuration validation reports it: one line per problem, with its key. */
function problems(media: object, answer?: object): string[] {
  try {
    settings({ media, answer });
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return [...error.problems];
    throw error;
  }
}

const https = (name: string) => ({
  uri: `https://media.example.test/${name}.wav`,
  resourceId: name,
});

describe('media configuration', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'media-config-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts the shipped default: one service-hosted profile, nothing sent beyond it', () => {
    const sut = settings().media;
    expect([...sut.profiles.keys()]).toEqual(['serviceHosted']);
    expect(sut.defaultProfile).toBe('serviceHosted');
    expect(sut.callOptions.isContentSharingNotificationEnabled).toBeNull();
    expect(sut.promptOnEstablished).toEqual([]);
  });

  it('service-hosted profiles take every modality by default, app-hosted ones audio', () => {
    const sut = settings({
      media: {
        profiles: {
          serviceHosted: { type: 'serviceHosted' },
          bot: { type: 'appHosted', blob: 'b' },
        },
      },
    }).media;
    expect(sut.profiles.get('serviceHosted')?.modalities).toEqual([
      'audio',
      'video',
      'videoBasedScreenSharing',
    ]);
    expect(sut.profiles.get('bot')?.modalities).toEqual(['audio']);
  });

  it('names an http URI and an empty cache key with their full paths', () => {
    expect(
      problems({
        profiles: {
          recorder: {
            type: 'serviceHosted',
            preFetchMedia: [
              https('a'),
              { uri: 'http://media.example.test/b.wav', resourceId: 'b' },
            ],
            promptOnEstablished: [{ uri: 'https://media.example.test/c.wav', resourceId: '  ' }],
          },
        },
        defaultProfile: 'recorder',
      }),
    ).toEqual([
      'media.profiles.recorder.preFetchMedia[1].uri: uri must be an https URL',
      'media.profiles.recorder.promptOnEstablished[0].resourceId: resourceId must be a non-empty cache key',
    ]);
  });

  it('names an unknown default profile and lists the known ones', () => {
    expect(problems({ defaultProfile: 'hd' })).toEqual([
      'media.defaultProfile: unknown media profile "hd" (media.profiles: serviceHosted)',
    ]);
  });

  it('names an unknown profile type, and only that', () => {
    expect(
      problems({ profiles: { serviceHosted: { type: 'serviceHostd', preFetchMedia: [] } } }),
    ).toEqual(['media.profiles.serviceHosted.type: type must be one of serviceHosted, appHosted']);
  });

  it('names keys a profile type does not have (prompts are service-hosted only)', () => {
    expect(
      problems({
        profiles: {
          serviceHosted: { type: 'serviceHosted' },
          bot: { type: 'appHosted', blob: 'b', promptOnEstablished: [https('a')] },
        },
      }),
    ).toEqual(['media.profiles.bot.promptOnEstablished: unknown key']);
  });

  it('refuses both blob and blobFile, an empty blob, and an unreadable or empty blobFile', () => {
    const empty = join(dir, 'empty.blob');
    writeFileSync(empty, '');
    expect(
      problems({
        profiles: {
          serviceHosted: { type: 'serviceHosted' },
          both: { type: 'appHosted', blob: 'x', blobFile: empty },
          blank: { type: 'appHosted', blob: ' ' },
          missing: { type: 'appHosted', blobFile: join(dir, 'nope.blob') },
          hollow: { type: 'appHosted', blobFile: empty },
        },
      }),
    ).toEqual([
      'media.profiles.both.blobFile: give blob or blobFile, not both',
      'media.profiles.blank.blob: blob must not be empty',
      `media.profiles.missing.blobFile: cannot read ${join(dir, 'nope.blob')}: ENOENT`,
      `media.profiles.hollow.blobFile: ${empty} is empty`,
    ]);
  });

  it('checks modalities of app-hosted profiles', () => {
    expect(
      problems({
        profiles: {
          serviceHosted: { type: 'serviceHosted' },
          bot: { type: 'appHosted', blob: 'b', modalities: ['audio', 'hologram'] },
          none: { type: 'appHosted', blob: 'b', modalities: [] },
        },
      }),
    ).toEqual([
      'media.profiles.bot.modalities: each value in modalities must be one of the following values: audio, video, videoBasedScreenSharing',
      'media.profiles.none.modalities: modalities should not be empty',
    ]);
  });

  it('checks that a fallback profile exists and needs no provider', () => {
    expect(
      problems({
        profiles: {
          serviceHosted: { type: 'serviceHosted' },
          a: { type: 'appHosted', fallback: { type: 'profile', profile: 'b' } },
          b: { type: 'appHosted', fallback: { type: 'profile', profile: 'ghost' } },
          c: { type: 'appHosted', fallback: { type: 'profile', profile: 'serviceHosted' } },
          d: { type: 'appHosted', fallback: { type: 'reject', reason: 'maybe' } },
          e: { type: 'appHosted', fallback: { type: 'retry' } },
        },
      }),
    ).toEqual([
      'media.profiles.a.fallback.profile: media profile "b" needs the media session provider; a fallback must be service-hosted or have a static blob',
      'media.profiles.b.fallback.profile: unknown media profile "ghost"',
      'media.profiles.d.fallback.reason: reason must be one of the following values: none, busy, forbidden',
      'media.profiles.e.fallback.type: type must be one of the following values: profile, reject',
    ]);
  });

  it('limits prompts to the 20 Graph takes', () => {
    expect(
      problems({ promptOnEstablished: Array.from({ length: 21 }, (_, i) => https(`p${i}`)) }),
    ).toEqual([
      'media.promptOnEstablished: promptOnEstablished must contain no more than 20 elements',
    ]);
  });

  it('refuses profiles that are not a mapping', () => {
    expect(problems({ profiles: ['serviceHosted'] })).toEqual(
      expect.arrayContaining(['media.profiles: profiles must be an object of named profiles']),
    );
  });
});
