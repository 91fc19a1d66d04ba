import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { mediaConfig, type MediaConfigType } from '../config';
import { MEDIA_SESSION_PROVIDER } from './media.constants';
import type { AppHostedMediaProfile } from './media-profile';
import type { MediaSessionContext, MediaSessionProvider } from './media-session.provider';
import { StaticMediaSessionProvider } from './static-media-session.provider';

/** The provider gave no usable blob in time; the profile's fallback applies. */
export class MediaSessionError extends Error {
  override readonly name = 'MediaSessionError';
}

function whenAborted(signal: AbortSignal): { promise: Promise<never>; dispose: () => void } {
  let dispose = (): void => undefined;
  const promise = new Promise<never>((_resolve, reject) => {
    const onAbort = (): void =>
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    dispose = () => signal.removeEventListener('abort', onAbort);
  });
  return { promise, dispose };
}

/**
 * Where app-hosted blobs come from: the static blob of the profile, or the custom provider (a
 * user's module providing `MEDIA_SESSION_PROVIDER`, found wherever it is, so that plugging one in
 * takes no change to our modules) under a time limit that leaves room for the profile's fallback.
 */
@Injectable()
export class MediaSessions {
  private readonly logger = new Logger(MediaSessions.name);
  private custom: MediaSessionProvider | undefined;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly statics: StaticMediaSessionProvider,
    @Inject(mediaConfig.KEY) private readonly media: MediaConfigType,
  ) {}

  /** Start-up: looks for the custom provider; true when one is there. */
  resolve(): boolean {
    try {
      this.custom = this.moduleRef.get<MediaSessionProvider>(MEDIA_SESSION_PROVIDER, {
        strict: false,
      });
    } catch {
      this.custom = undefined;
    }
    if (this.custom && typeof this.custom.createBlob !== 'function') {
      this.logger.error('MEDIA_SESSION_PROVIDER has no createBlob method; ignored');
      this.custom = undefined;
    }
    if (this.custom) this.logger.log('custom media session provider found');
    return this.custom !== undefined;
  }

  /** The static blob of a profile (synchronous: fallback answers use it). */
  staticBlob(profile: AppHostedMediaProfile): string | undefined {
    return this.statics.blobFor(profile.name);
  }

  /**
   * The profile's blob for this call. Rejects with `MediaSessionError` when the provider fails,
   * returns nothing usable or runs past its time (it is then aborted); rejects with the signal's
   * reason when `context.signal` (the decision budget, which ends at `budgetAt`, a
   * `performance.now()` time) aborts first.
   */
  async createBlob(context: MediaSessionContext, budgetAt: number): Promise<string> {
    const fixed = this.staticBlob(context.profile);
    if (fixed !== undefined) return fixed;
    const provider = this.custom;
    if (!provider) throw new MediaSessionError('no media session provider');
    const limitMs = this.limitMs(context.profile, budgetAt);
    if (limitMs <= 0) throw new MediaSessionError('no time left for the media session provider');

    const timer = new AbortController();
    const timeout = setTimeout(
      () => timer.abort(new MediaSessionError(`no blob within ${Math.round(limitMs)} ms`)),
      limitMs,
    );
    const signal = AbortSignal.any([context.signal, timer.signal]);
    const aborted = whenAborted(signal);
    // The race also observes a late rejection of the provider, after we stopped waiting.
    const work = Promise.resolve().then(() => provider.createBlob({ ...context, signal }));
    try {
      const blob: unknown = await Promise.race([work, aborted.promise]);
      if (typeof blob !== 'string' || !/\S/.test(blob)) {
        throw new MediaSessionError('the media session provider returned no blob');
      }
      return blob;
    } catch (error) {
      if (context.signal.aborted || error instanceof MediaSessionError) throw error;
      throw new MediaSessionError(
        `the media session provider failed: ${(error as Error)?.message ?? String(error)}`,
        { cause: error },
      );
    } finally {
      clearTimeout(timeout);
      aborted.dispose();
    }
  }

  /** What is left of the decision budget less the reserve, capped by the profile. */
  private limitMs(profile: AppHostedMediaProfile, budgetAt: number): number {
    const left = budgetAt - this.media.providerReserveMs - performance.now();
    return profile.providerTimeoutMs === null ? left : Math.min(left, profile.providerTimeoutMs);
  }
}
