import { readFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { mediaConfig, type MediaConfigType } from '../config';
import { AppHostedMediaConfigDto, validateGraphRequest } from '../graph';
import { appHostedMediaConfig } from './media-config.builder';
import type { MediaSessionContext, MediaSessionProvider } from './media-session.provider';
import { graphProblems } from './media-profiles.service';

/**
 * The default provider: the static `blob` (or `blobFile`) of app-hosted profiles, read once at
 * start-up so that no call waits for the disk, and available synchronously to fallback answers.
 */
@Injectable()
export class StaticMediaSessionProvider implements MediaSessionProvider {
  private readonly blobs = new Map<string, string>();

  constructor(@Inject(mediaConfig.KEY) private readonly config: MediaConfigType) {}

  /** Start-up: reads the blobs; one problem per profile whose blob cannot be used. */
  load(): string[] {
    const problems: string[] = [];
    this.blobs.clear();
    for (const [name, profile] of this.config.profiles) {
      if (profile.type !== 'appHosted') continue;
      const key = `media.profiles.${name}.${profile.blobFile !== undefined ? 'blobFile' : 'blob'}`;
      let blob = profile.blob;
      if (profile.blobFile !== undefined) {
        try {
          // An editor's final newline is not part of the blob.
          blob = readFileSync(profile.blobFile, 'utf8').replace(/\r?\n$/, '');
        } catch (error) {
          problems.push(`${key}: cannot read ${profile.blobFile}: ${(error as Error).message}`);
          continue;
        }
      }
      if (blob === undefined) continue;
      const found = graphProblems(
        () => validateGraphRequest(AppHostedMediaConfigDto, appHostedMediaConfig(blob)),
        () => key,
      );
      if (found.length > 0) problems.push(...found);
      else this.blobs.set(name, blob);
    }
    return problems;
  }

  /** The static blob of a profile, if it has one. */
  blobFor(profileName: string): string | undefined {
    return this.blobs.get(profileName);
  }

  async createBlob(context: MediaSessionContext): Promise<string> {
    const blob = this.blobFor(context.profile.name);
    if (blob === undefined)
      throw new Error(`media profile "${context.profile.name}" has no static blob`);
    return blob;
  }
}
