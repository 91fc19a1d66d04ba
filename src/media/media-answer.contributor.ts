import { Injectable, Logger } from '@nestjs/common';
import {
  AnswerContributionError,
  CallsService,
  type AnswerContext,
  type AnswerContribution,
  type AnswerContributor,
  type AnswerDecision,
  type FallbackAnswerContext,
  type FinalDecision,
} from '../calls';
import { InFlightTracker } from '../health';
import { ODATA_TYPES } from '../graph';
import { appHostedMediaConfig, serviceHostedMediaConfig } from './media-config.builder';
import { withMediaFacts } from './media-call.facts';
import { needsProvider, type MediaProfile } from './media-profile';
import { MediaProfiles } from './media-profiles.service';
import { MediaSessions } from './media-sessions.service';
import { chooseModalities, fallbackModalities, modalityProblem } from './modality.policy';

/**
 * The media part of every answer: `mediaConfig` from the action's profile, `acceptedModalities`
 * checked against the call and the profile, `callOptions.isContentSharingNotificationEnabled`.
 * A failing or late media session provider turns into the profile's fallback, never a late answer.
 */
@Injectable()
export class MediaAnswerContributor implements AnswerContributor {
  readonly name = 'media';
  private readonly logger = new Logger(MediaAnswerContributor.name);

  constructor(
    private readonly profiles: MediaProfiles,
    private readonly sessions: MediaSessions,
    private readonly calls: CallsService,
    private readonly inFlight: InFlightTracker,
  ) {}

  async contribute(context: AnswerContext): Promise<AnswerContribution> {
    const { action, call, incoming, signal, budgetAt } = context;
    const name = this.profiles.nameFor(action);
    const profile = this.profiles.get(name);
    // Only the operator API can name a profile at call time; configured names were checked.
    if (!profile) throw new AnswerContributionError(`unknown media profile "${name}"`);
    const choice = chooseModalities(
      context.body.acceptedModalities,
      incoming.facts.requestedModalities,
      profile,
    );
    if ('rejected' in choice) {
      throw new AnswerContributionError(`modalities: ${choice.rejected}`, {
        type: 'reject',
        reason: profile.modalityRejectReason,
      });
    }
    let mediaConfig: AnswerContribution['mediaConfig'];
    if (profile.type === 'serviceHosted') {
      mediaConfig = serviceHostedMediaConfig(profile);
    } else {
      try {
        mediaConfig = appHostedMediaConfig(
          await this.sessions.createBlob({ call, incoming, profile, signal }, budgetAt),
        );
      } catch (error) {
        if (signal.aborted) throw error;
        throw new AnswerContributionError(
          `media profile "${profile.name}": ${(error as Error)?.message ?? String(error)}`,
          this.fallbackFor(action, profile),
          { cause: error },
        );
      }
    }
    if (hasPrompt(profile)) await this.remember(call.id, profile);
    return {
      acceptedModalities: choice.accepted,
      mediaConfig,
      ...this.callOptions(action, profile),
    };
  }

  /** No I/O here: a profile that needs the provider is replaced by its fallback profile. */
  contributeFallback(context: FallbackAnswerContext): AnswerContribution | undefined {
    const { action, call, incoming } = context;
    let profile = this.profiles.get(this.profiles.nameFor(action));
    if (profile && needsProvider(profile)) {
      const fallback = profile.fallback;
      profile = fallback?.type === 'profile' ? this.profiles.get(fallback.profile) : undefined;
    }
    const blob = profile?.type === 'appHosted' ? this.sessions.staticBlob(profile) : undefined;
    if (!profile || (profile.type === 'appHosted' && blob === undefined)) {
      this.logger.warn(
        { callId: call.id, mediaProfile: action.mediaProfile },
        'no media profile usable without I/O for the fallback answer; the base media config goes out',
      );
      return undefined;
    }
    void this.inFlight.track(this.remember(call.id, profile));
    return {
      acceptedModalities: fallbackModalities(
        context.body.acceptedModalities,
        incoming.facts.requestedModalities,
        profile,
      ),
      mediaConfig:
        profile.type === 'serviceHosted'
          ? serviceHostedMediaConfig(profile)
          : appHostedMediaConfig(blob as string),
      ...this.callOptions(action, profile),
    };
  }

  validateAction(action: AnswerDecision, path: string): string[] {
    const name = this.profiles.nameFor(action);
    const profile = this.profiles.get(name);
    const key = action.mediaProfile !== undefined ? `${path}.mediaProfile` : 'media.defaultProfile';
    if (!profile) {
      return [
        `${key}: unknown media profile "${name}" (media.profiles: ${this.profiles.names().join(', ')})`,
      ];
    }
    const problems: string[] = [];
    const modalities = modalityProblem(action.acceptedModalities ?? ['audio'], profile);
    if (modalities) problems.push(`${path}.acceptedModalities: ${modalities}`);
    if (path === 'answer.fallback' && needsProvider(profile)) {
      problems.push(
        `${key}: media profile "${name}" needs the media session provider, which a fallback answer cannot wait for; name a service-hosted profile or one with a static blob`,
      );
    }
    return problems;
  }

  private fallbackFor(action: AnswerDecision, profile: MediaProfile): FinalDecision | undefined {
    switch (profile.fallback?.type) {
      case 'profile':
        return { ...action, mediaProfile: profile.fallback.profile };
      case 'reject':
        return { type: 'reject', reason: profile.fallback.reason };
      default:
        return undefined;
    }
  }

  /** The action's own `callOptions` win over the profile's. */
  private callOptions(action: AnswerDecision, profile: MediaProfile): AnswerContribution {
    const enabled = profile.contentSharingNotifications;
    if (enabled === null || action.callOptions?.isContentSharingNotificationEnabled !== undefined) {
      return {};
    }
    return {
      callOptions: {
        '@odata.type': ODATA_TYPES.incomingCallOptions,
        isContentSharingNotificationEnabled: enabled,
      },
    };
  }

  /** Which profile the call is answered with, read when it is established (any instance). */
  private async remember(callId: string, profile: MediaProfile): Promise<void> {
    const prompt = hasPrompt(profile)
      ? { status: 'pending' as const, clientContext: null, operationId: null, error: null }
      : null;
    try {
      await this.calls.update(callId, (call) =>
        withMediaFacts(call, (facts) => ({ ...facts, profile: profile.name, prompt })),
      );
    } catch (error) {
      this.logger.error({ err: error, callId }, 'could not record the media profile on the call');
    }
  }
}

function hasPrompt(profile: MediaProfile): boolean {
  return profile.type === 'serviceHosted' && profile.promptOnEstablished.length > 0;
}
