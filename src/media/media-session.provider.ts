import type { CallRecord, IncomingCall } from '../calls';
import type { AppHostedMediaProfile } from './media-profile';

/** What a media session provider is asked with, once per call answered with an app-hosted profile. */
export interface MediaSessionContext {
  /** The call as stored when its answer is built. */
  readonly call: CallRecord;
  /** The incoming-call notification (`resource`) and what the rules read from it (`facts`). */
  readonly incoming: IncomingCall;
  /** The profile the answer uses (its name, modalities, timeout). */
  readonly profile: AppHostedMediaProfile;
  /**
   * Aborted when the provider's time is up (the decision budget less `media.providerReserveMs`,
   * or the profile's `providerTimeoutMs`): stop any I/O. A blob that comes later is discarded and
   * the profile's fallback goes out instead.
   */
  readonly signal: AbortSignal;
}

/**
 * Produces the `appHostedMediaConfig.blob` of a call: e.g. asks a media-processing sidecar to
 * open a media session and returns its serialised description. Provide it from a module of your
 * own under `MEDIA_SESSION_PROVIDER`:
 *
 * ```ts
 * @Module({ providers: [{ provide: MEDIA_SESSION_PROVIDER, useClass: SidecarSessions }] })
 * export class SidecarMediaModule {}
 * ```
 *
 * and import that module in the application beside ours. Rejecting (or running out of time)
 * gives the call its profile's `fallback`; the call is never answered late.
 */
export interface MediaSessionProvider {
  createBlob(context: MediaSessionContext): Promise<string>;
}
