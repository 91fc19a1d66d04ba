import { Module, type DynamicModule } from '@nestjs/common';
import {
  MEDIA_SESSION_PROVIDER,
  type MediaSessionContext,
  type MediaSessionProvider,
} from '../../src/media';

/** What the provider does for one profile. */
export type BlobScript = (context: MediaSessionContext) => Promise<string>;

/**
 * A user's media session provider whose behaviour a test scripts per profile name. It records
 * every request and every call whose signal was aborted (a provider that was cut off).
 */
export class ScriptedMediaSessionProvider implements MediaSessionProvider {
  readonly requests: MediaSessionContext[] = [];
  readonly aborted = new Set<string>();

  constructor(private readonly scripts: Record<string, BlobScript>) {}

  createBlob(context: MediaSessionContext): Promise<string> {
    this.requests.push(context);
    context.signal.addEventListener('abort', () => this.aborted.add(context.call.id.toLowerCase()));
    const script = this.scripts[context.profile.name];
    if (!script) return Promise.reject(new Error(`no script for profile ${context.profile.name}`));
    return script(context);
  }

  requestFor(callId: string): MediaSessionContext | undefined {
    return this.requests.find((r) => r.call.id.toLowerCase() === callId.toLowerCase());
  }
}

/** Never settles, whatever the signal says: a provider that ignores cancellation. */
export const hangs: BlobScript = () => new Promise<string>(() => undefined);

/**
 * A user's module that provides `MEDIA_SESSION_PROVIDER`, as a deployment imports it beside ours
 * (`StackOptions.imports`, i.e. `createApp({ imports })`).
 */
export function mediaSessionProviderModule(provider: MediaSessionProvider): DynamicModule {
  @Module({})
  class UserMediaSessionModule {}
  return {
    module: UserMediaSessionModule,
    providers: [{ provide: MEDIA_SESSION_PROVIDER, useValue: provider }],
    exports: [MEDIA_SESSION_PROVIDER],
  };
}
