/**
 * Injection token of the optional `MediaSessionProvider`: provide it in a module of your own and
 * every app-hosted profile without a static blob gets its blob from it, per call.
 */
export const MEDIA_SESSION_PROVIDER = Symbol('MEDIA_SESSION_PROVIDER');

/** The key of this module's facts on a call (`CallRecord.extensions`). */
export const MEDIA_EXTENSION = 'media';
