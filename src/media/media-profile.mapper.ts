import type { MediaConfigType } from '../config';
import type { MediaFallbackConfig, MediaInfoConfig } from '../config/schema/media.schema';
import type { MediaFile, MediaProfile, MediaProfileFallback } from './media-profile';

function files(list: readonly MediaInfoConfig[]): MediaFile[] {
  return list.map(({ uri, resourceId }) => ({ uri, resourceId }));
}

function fallback(config: MediaFallbackConfig | undefined): MediaProfileFallback | null {
  if (!config) return null;
  return config.type === 'profile'
    ? { type: 'profile', profile: config.profile }
    : { type: 'reject', reason: config.reason ?? 'none' };
}

/** The validated `media` configuration as the profiles the module works with. */
export function toMediaProfiles(config: MediaConfigType): Map<string, MediaProfile> {
  const profiles = new Map<string, MediaProfile>();
  for (const [name, profile] of config.profiles) {
    const base = {
      name,
      modalities: [...profile.modalities],
      modalityMismatch: profile.modalityMismatch,
      modalityRejectReason: profile.modalityRejectReason,
      contentSharingNotifications:
        profile.callOptions?.isContentSharingNotificationEnabled ??
        config.callOptions.isContentSharingNotificationEnabled ??
        null,
      fallback: fallback(profile.fallback),
    };
    if (profile.type === 'serviceHosted') {
      profiles.set(name, {
        ...base,
        type: 'serviceHosted',
        preFetchMedia: files(profile.preFetchMedia),
        promptOnEstablished: files(profile.promptOnEstablished ?? config.promptOnEstablished),
      });
    } else {
      const isStatic = profile.blob !== undefined || profile.blobFile !== undefined;
      profiles.set(name, {
        ...base,
        type: 'appHosted',
        blobSource: isStatic ? 'static' : 'provider',
        blobFile: profile.blobFile ?? null,
        providerTimeoutMs: profile.providerTimeoutMs ?? null,
      });
    }
  }
  return profiles;
}
