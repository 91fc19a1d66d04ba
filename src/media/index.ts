/**
 * The Media module's public surface: other modules and your own import from here only.
 *
 * Extension points:
 * - `MEDIA_SESSION_PROVIDER` / `MediaSessionProvider`: produce the `appHostedMediaConfig.blob` of
 *   each call yourself (e.g. from a media-processing sidecar), for app-hosted profiles without a
 *   static `blob`/`blobFile`. Provide it in a module of yours and import that module in the
 *   application beside `MediaModule`; it runs within the decision budget, and a failure or a late
 *   blob gives the call its profile's `fallback`.
 * - `ContentSharingEvents.on('started' | 'ended', listener)`: content-sharing sessions of calls
 *   answered with `isContentSharingNotificationEnabled` (`media.callOptions` or a profile's).
 * - `MediaProfiles`: the configured profiles, by name.
 */
export { MediaModule } from './media.module';
export { MEDIA_SESSION_PROVIDER } from './media.constants';
export type { MediaSessionContext, MediaSessionProvider } from './media-session.provider';
export type {
  AppHostedMediaProfile,
  MediaFile,
  MediaProfile,
  MediaProfileFallback,
  ServiceHostedMediaProfile,
} from './media-profile';
export { MediaProfiles } from './media-profiles.service';
export {
  ContentSharingEvents,
  type ContentSharingEventMap,
  type ContentSharingEventName,
  type ContentSharingListener,
} from './content-sharing.events';
export type { MediaCallFacts, PromptFacts, PromptStatus } from './media-call.facts';
