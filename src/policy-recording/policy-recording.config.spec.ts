import { join } from 'node:path';
import { ConfigValidationError } from '../config';
import { deepMerge, loadRawConfig } from '../config/config.loader';
import { validateConfig } from '../config/config.validation';

const configDir = join(__dirname, '..', '..', 'config');

function validate(policyRecording: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) {
  const raw = deepMerge(loadRawConfig({ configDir, profile: 'development', env }), {
    policyRecording,
  });
  return validateConfig(raw, 'development');
}

function problemsOf(policyRecording: Record<string, unknown>): string[] {
  try {
    validate(policyRecording);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return [...error.problems];
    throw error;
  }
}

describe('policyRecording configuration', () => {
  it('ships documented defaults that validate', () => {
    expect(validate({}).policyRecording).toEqual(
      expect.objectContaining({
        participantCapacity: null,
        groups: [],
        whenFull: 'inviteNewBot',
        inviteUri: null,
        rejectReason: 'busy',
        joinBudgetMs: 1500,
        recordingStatus: 'recording',
        recordingStatusRetry: expect.objectContaining({
          attempts: 3,
          delayMs: 1000,
          timeoutMs: 10000,
        }),
      }),
    );
  });

  it('takes the global capacity from POLICY_RECORDING_PARTICIPANT_CAPACITY', () => {
    expect(
      validate({}, { POLICY_RECORDING_PARTICIPANT_CAPACITY: '25' }).policyRecording,
    ).toMatchObject({
      participantCapacity: 25,
    });
  });

  it.each([
    [
      { groups: [{ policyIdentifier: 'A', participantCapacity: -1 }] },
      /^policyRecording\.groups\[0\]\.participantCapacity: /,
    ],
    [
      { groups: [{ policyIdentifier: '', participantCapacity: 2 }] },
      /^policyRecording\.groups\[0\]\.policyIdentifier: /,
    ],
    [
      { groups: [{ policyIdentifier: 'A', participantCapacity: 2, capcity: 3 }] },
      /^policyRecording\.groups\[0\]\.capcity: unknown key/,
    ],
    [
      {
        groups: [
          { policyIdentifier: 'Sales', participantCapacity: 2 },
          { policyIdentifier: 'sales', participantCapacity: 3 },
        ],
      },
      /^policyRecording\.groups: policyIdentifier must be unique/,
    ],
    [{ whenFull: 'hangUp' }, /^policyRecording\.whenFull: /],
    [{ rejectReason: 'nope' }, /^policyRecording\.rejectReason: /],
    [{ inviteUri: 'http://insecure.test/api/calling' }, /^policyRecording\.inviteUri: /],
    [{ joinBudgetMs: 6000 }, /^policyRecording\.joinBudgetMs: /],
    [{ recordingStatus: 'failed' }, /^policyRecording\.recordingStatus: /],
    [
      { recordingStatusRetry: { attempts: 0 } },
      /^policyRecording\.recordingStatusRetry\.attempts: /,
    ],
    [
      { participantCapacity: 'many' },
      /^policyRecording\.participantCapacity \(POLICY_RECORDING_PARTICIPANT_CAPACITY\): /,
    ],
  ])('refuses %j naming the key', (section, problem) => {
    const problems = problemsOf(section);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });
});
