import { chooseModalities, fallbackModalities, modalityProblem } from './modality.policy';

const videoBot = {
  name: 'bot',
  modalities: ['audio', 'video'] as const,
  modalityMismatch: 'acceptSubset' as const,
};
const strictBot = { ...videoBot, modalityMismatch: 'reject' as const };

describe('chooseModalities', () => {
  it('answers with what is wanted when the call requested it and the profile takes it', () => {
    expect(chooseModalities(['audio', 'video'], ['audio', 'video'], videoBot)).toEqual({
      accepted: ['audio', 'video'],
    });
  });

  it('reads the requested modalities case-insensitively', () => {
    expect(
      chooseModalities(['videoBasedScreenSharing'], ['VideoBasedScreenSharing'], {
        ...videoBot,
        modalities: ['videoBasedScreenSharing'],
      }),
    ).toEqual({ accepted: ['videoBasedScreenSharing'] });
  });

  it('acceptSubset: leaves out what the call did not request or the profile cannot take', () => {
    expect(chooseModalities(['audio', 'video'], ['audio'], videoBot)).toEqual({
      accepted: ['audio'],
    });
    expect(
      chooseModalities(
        ['audio', 'videoBasedScreenSharing'],
        ['audio', 'videoBasedScreenSharing'],
        videoBot,
      ),
    ).toEqual({ accepted: ['audio'] });
  });

  it('acceptSubset: rejects when nothing is left', () => {
    expect(chooseModalities(['video'], ['audio'], videoBot)).toEqual({
      rejected: expect.stringContaining('media profile "bot" takes [audio, video]'),
    });
  });

  it('reject: all or nothing', () => {
    expect(chooseModalities(['audio', 'video'], ['audio'], strictBot)).toHaveProperty('rejected');
    expect(chooseModalities(['audio', 'video'], ['audio', 'video'], strictBot)).toEqual({
      accepted: ['audio', 'video'],
    });
  });

  it('does not restrict by requested modalities when the call names none', () => {
    expect(chooseModalities(['audio', 'video'], [], strictBot)).toEqual({
      accepted: ['audio', 'video'],
    });
  });
});

describe('fallbackModalities', () => {
  it('never gives up: the usable subset, else what the profile takes, else its first', () => {
    expect(fallbackModalities(['audio', 'video'], ['audio'], strictBot)).toEqual(['audio']);
    expect(fallbackModalities(['video'], ['audio'], videoBot)).toEqual(['video']);
    expect(fallbackModalities(['videoBasedScreenSharing'], [], videoBot)).toEqual(['audio']);
  });
});

describe('modalityProblem', () => {
  it('finds configured answers that no call could get', () => {
    expect(modalityProblem(['video'], { ...videoBot, modalities: ['audio'] })).toBe(
      'media profile "bot" takes only [audio]: no call could be answered',
    );
    expect(modalityProblem(['audio', 'videoBasedScreenSharing'], strictBot)).toMatch(
      /every call would be rejected$/,
    );
    expect(modalityProblem(['audio', 'videoBasedScreenSharing'], videoBot)).toBeUndefined();
    expect(modalityProblem(['audio'], videoBot)).toBeUndefined();
  });
});
