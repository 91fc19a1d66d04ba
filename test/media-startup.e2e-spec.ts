import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { ConfigValidationError } from '../src/config';
import { startStack } from './support';
import { mediaSessionProviderModule, ScriptedMediaSessionProvider } from './support/media-provider';

/** Media configuration that cannot work stops the service at start-up, naming the key. */
const root = resolve(__dirname, '..');

async function startupProblems(
  config: Record<string, unknown>,
  withProvider = false,
): Promise<string[]> {
  try {
    const stack = await startStack({
      config,
      imports: withProvider
        ? [mediaSessionProviderModule(new ScriptedMediaSessionProvider({}))]
        : [],
    });
    await stack.close();
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return [...error.problems];
    throw error;
  }
}

describe('start-up of the application (createApp)', () => {
  it('refuses a rule naming an unknown media profile', async () => {
    const problems = await startupProblems({
      answer: {
        rules: [{ match: { pstn: true }, action: { type: 'answer', mediaProfile: 'hd' } }],
      },
    });
    expect(problems).toEqual([
      'answer.rules[0].action.mediaProfile: unknown media profile "hd" (media.profiles: serviceHosted)',
    ]);
  });

  it('refuses an app-hosted profile without blob, blobFile or provider module', async () => {
    const problems = await startupProblems({
      media: { profiles: { bot: { type: 'appHosted' } } },
    });
    expect(problems).toEqual([
      'media.profiles.bot: an appHosted profile needs blob, blobFile or a module that provides MEDIA_SESSION_PROVIDER',
    ]);
  });

  it('accepts that profile once a module provides the session provider', async () => {
    expect(
      await startupProblems({ media: { profiles: { bot: { type: 'appHosted' } } } }, true),
    ).toEqual([]);
  });

  it('refuses an answer.fallback whose media profile needs the provider', async () => {
    const problems = await startupProblems(
      {
        answer: { fallback: { type: 'answer', mediaProfile: 'bot' } },
        media: { profiles: { bot: { type: 'appHosted' } } },
      },
      true,
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^answer\.fallback\.mediaProfile: media profile "bot" needs the media session provider/,
      ),
    ]);
  });

  it('refuses a rule whose modalities its profile can never take', async () => {
    const problems = await startupProblems({
      answer: {
        rules: [{ action: { type: 'answer', acceptedModalities: ['video'], mediaProfile: 'ivr' } }],
      },
      media: { profiles: { ivr: { type: 'serviceHosted', modalities: ['audio'] } } },
    });
    expect(problems).toEqual([
      'answer.rules[0].action.acceptedModalities: media profile "ivr" takes only [audio]: no call could be answered',
    ]);
  });

  it('refuses invalid profiles before building the application', async () => {
    const problems = await startupProblems({
      media: {
        profiles: {
          recorder: {
            type: 'serviceHosted',
            preFetchMedia: [{ uri: 'http://media.example.test/a.wav', resourceId: 'a' }],
          },
        },
      },
    });
    expect(problems).toEqual([
      'media.profiles.recorder.preFetchMedia[0].uri: uri must be an https URL',
    ]);
  });
});

describe('start-up of the process (src/main.ts)', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-media-'));
    copyFileSync(join(root, 'config', 'default.yaml'), join(dir, 'default.yaml'));
    writeFileSync(
      join(dir, 'local.yaml'),
      stringify({
        media: {
          profiles: {
            recorder: {
              type: 'serviceHosted',
              preFetchMedia: [
                { uri: 'http://media.example.test/a.wav', resourceId: 'a' },
                { uri: 'https://media.example.test/b.wav', resourceId: '' },
              ],
            },
            bot: { type: 'appHosted', blobFile: join(dir, 'missing.blob') },
          },
        },
      }),
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 1 with one line per invalid key', async () => {
    // The configuration is validated before Nest builds anything, so tsx (no decorator metadata) is enough.
    const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: 'test', CONFIG_DIR: dir },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('exit', (exitCode) => {
        clearTimeout(timer);
        done(exitCode);
      });
    });

    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      'config error: media.profiles.recorder.preFetchMedia[0].uri: uri must be an https URL',
      'config error: media.profiles.recorder.preFetchMedia[1].resourceId: resourceId must be a non-empty cache key',
      `config error: media.profiles.bot.blobFile: cannot read ${join(dir, 'missing.blob')}: ENOENT`,
    ]);
  }, 90_000);
});
