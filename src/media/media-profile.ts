import type { AcceptedModality, RejectReason } from '../calls';
import type { ModalityMismatchPolicy } from '../config/schema/media.schema';

/** A media file Graph fetches (`mediaInfo`). */
export interface MediaFile {
  readonly uri: string;
  readonly resourceId: string;
}

/** What a profile's answer becomes when its media session provider fails or is late. */
export type MediaProfileFallback =
  | { readonly type: 'profile'; readonly profile: string }
  | { readonly type: 'reject'; readonly reason: RejectReason };

interface MediaProfileBase {
  /** The key under `media.profiles`. */
  readonly name: string;
  /** What answers with this profile may accept (`modalities`). */
  readonly modalities: readonly AcceptedModality[];
  readonly modalityMismatch: ModalityMismatchPolicy;
  readonly modalityRejectReason: RejectReason;
  /** `callOptions.isContentSharingNotificationEnabled` for its answers; null: not sent. */
  readonly contentSharingNotifications: boolean | null;
  /** Null: `answer.fallback`. */
  readonly fallback: MediaProfileFallback | null;
}

/** Graph hosts the media: it fetches `preFetchMedia` and plays prompts. */
export interface ServiceHostedMediaProfile extends MediaProfileBase {
  readonly type: 'serviceHosted';
  readonly preFetchMedia: readonly MediaFile[];
  /** Played once when the call is established; empty: none. */
  readonly promptOnEstablished: readonly MediaFile[];
}

/** The bot hosts the media; `mediaConfig.blob` describes its media session for the call. */
export interface AppHostedMediaProfile extends MediaProfileBase {
  readonly type: 'appHosted';
  /**
   * Where the blob comes from: `static` (`blob` or `blobFile`, read once at start-up) or `provider`
   * (the module that provides `MEDIA_SESSION_PROVIDER`, asked on every call).
   */
  readonly blobSource: 'static' | 'provider';
  /** `blobFile`, when the static blob is read from a file. */
  readonly blobFile: string | null;
  /** The provider gets at most this long; null: the decision budget. */
  readonly providerTimeoutMs: number | null;
}

export type MediaProfile = ServiceHostedMediaProfile | AppHostedMediaProfile;

/** True when the profile's answer needs I/O (the provider): never usable in a fallback. */
export function needsProvider(profile: MediaProfile): profile is AppHostedMediaProfile {
  return profile.type === 'appHosted' && profile.blobSource === 'provider';
}
