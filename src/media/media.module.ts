import { Module, OnModuleInit } from '@nestjs/common';
import { AnswerPipeline, CallsModule } from '../calls';
import { ConfigValidationError } from '../config';
import { GraphModule } from '../graph';
import { NotificationModule } from '../notification';
import { ContentSharingEvents } from './content-sharing.events';
import { ContentSharingTracker } from './content-sharing.tracker';
import { EstablishedPromptService } from './established-prompt.service';
import { MediaAnswerContributor } from './media-answer.contributor';
import { needsProvider } from './media-profile';
import { MediaProfiles } from './media-profiles.service';
import { MediaSessions } from './media-sessions.service';
import { StaticMediaSessionProvider } from './static-media-session.provider';

/**
 * Media profiles (service-hosted or app-hosted) turned into every answer's `mediaConfig`, the
 * media session provider extension point, content-sharing sessions and prompts on established
 * calls. Built on the Calls module's public surface.
 */
@Module({
  imports: [CallsModule, NotificationModule, GraphModule],
  providers: [
    MediaProfiles,
    StaticMediaSessionProvider,
    MediaSessions,
    MediaAnswerContributor,
    ContentSharingEvents,
    ContentSharingTracker,
    EstablishedPromptService,
  ],
  exports: [ContentSharingEvents, MediaProfiles],
})
export class MediaModule implements OnModuleInit {
  constructor(
    private readonly profiles: MediaProfiles,
    private readonly statics: StaticMediaSessionProvider,
    private readonly sessions: MediaSessions,
    private readonly contributor: MediaAnswerContributor,
    private readonly pipeline: AnswerPipeline,
  ) {}

  /**
   * Start-up checks that need more than the configuration (files, the Graph DTOs, whether a
   * module provides the session provider), reported like every configuration error. The
   * contributor is registered here so that the Calls module checks configured actions with it.
   */
  onModuleInit(): void {
    const problems = [...this.profiles.problems(), ...this.statics.load()];
    const hasProvider = this.sessions.resolve();
    for (const name of this.profiles.names()) {
      const profile = this.profiles.get(name);
      if (profile && needsProvider(profile) && !hasProvider) {
        problems.push(
          `media.profiles.${name}: an appHosted profile needs blob, blobFile or a module that provides MEDIA_SESSION_PROVIDER`,
        );
      }
    }
    if (problems.length > 0) throw new ConfigValidationError(problems);
    this.pipeline.register(this.contributor);
  }
}
