import { Inject, Injectable } from '@nestjs/common';
import type { AnswerDecision } from '../calls';
import { mediaConfig, type MediaConfigType } from '../config';
import {
  GraphRequestValidationError,
  PlayPromptRequestDto,
  ServiceHostedMediaConfigDto,
  validateGraphRequest,
} from '../graph';
import { playPromptBody, serviceHostedMediaConfig } from './media-config.builder';
import type { MediaProfile } from './media-profile';
import { toMediaProfiles } from './media-profile.mapper';

/** Graph's failing paths (`preFetchMedia[0].uri: ...`) as configuration keys. */
export function graphProblems(validate: () => unknown, key: (path: string) => string): string[] {
  try {
    validate();
    return [];
  } catch (error) {
    const problems =
      error instanceof GraphRequestValidationError
        ? error.problems
        : [`(body): ${(error as Error)?.message ?? String(error)}`];
    return problems.map((problem) => {
      const [path, ...rest] = problem.split(': ');
      return `${key(path)}: ${rest.join(': ')}`;
    });
  }
}

/** The configured media profiles, by name. */
@Injectable()
export class MediaProfiles {
  private profiles: ReadonlyMap<string, MediaProfile>;
  private config: MediaConfigType;

  constructor(@Inject(mediaConfig.KEY) config: MediaConfigType) {
    this.config = config;
    this.profiles = toMediaProfiles(config);
  }

  /**
   * Puts another (schema-validated) media configuration in force and returns the one it
   * replaced, so that a reload can check the rules against the new profiles and put the old
   * ones back if anything is wrong, all in one synchronous step (docs/rules.md).
   */
  swap(config: MediaConfigType): MediaConfigType {
    const previous = this.config;
    this.config = config;
    this.profiles = toMediaProfiles(config);
    return previous;
  }

  get defaultName(): string {
    return this.config.defaultProfile;
  }

  names(): string[] {
    return [...this.profiles.keys()];
  }

  get(name: string): MediaProfile | undefined {
    return this.profiles.get(name);
  }

  /** The profile an answer action names, else `media.defaultProfile`. */
  nameFor(action: Pick<AnswerDecision, 'mediaProfile'>): string {
    return action.mediaProfile ?? this.config.defaultProfile;
  }

  /**
   * Start-up: each service-hosted profile's `mediaConfig` and prompt, validated as the Graph
   * DTOs they will be sent as, so that Graph's rules (not only ours) are checked before any call.
   */
  problems(): string[] {
    const problems: string[] = [];
    for (const profile of this.profiles.values()) {
      if (profile.type !== 'serviceHosted') continue;
      const at = `media.profiles.${profile.name}`;
      problems.push(
        ...graphProblems(
          () =>
            validateGraphRequest(ServiceHostedMediaConfigDto, serviceHostedMediaConfig(profile)),
          (path) => `${at}.${path}`,
        ),
      );
      if (profile.promptOnEstablished.length > 0) {
        problems.push(
          ...graphProblems(
            () =>
              validateGraphRequest(
                PlayPromptRequestDto,
                playPromptBody(profile.promptOnEstablished),
              ),
            (path) =>
              `${at}.promptOnEstablished${path.replace(/^prompts/, '').replace('.mediaInfo', '')}`,
          ),
        );
      }
    }
    return problems;
  }
}
