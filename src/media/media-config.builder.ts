import { randomUUID } from 'node:crypto';
import { ODATA_TYPES, type GraphAnswerBody, type GraphPlayPromptBody } from '../graph';
import type { MediaFile, ServiceHostedMediaProfile } from './media-profile';

type GraphMediaConfig = GraphAnswerBody['mediaConfig'];
type Typed<T extends string> = Extract<GraphMediaConfig, { '@odata.type': T }>;
export type GraphServiceHostedMediaConfig = Typed<typeof ODATA_TYPES.serviceHostedMediaConfig>;
export type GraphAppHostedMediaConfig = Typed<typeof ODATA_TYPES.appHostedMediaConfig>;

/** `preFetchMedia` is left out when empty, so the default answer is exactly the contract's. */
export function serviceHostedMediaConfig(
  profile: Pick<ServiceHostedMediaProfile, 'preFetchMedia'>,
): GraphServiceHostedMediaConfig {
  const config: GraphServiceHostedMediaConfig = {
    '@odata.type': ODATA_TYPES.serviceHostedMediaConfig,
  };
  if (profile.preFetchMedia.length > 0) {
    config.preFetchMedia = profile.preFetchMedia.map(({ uri, resourceId }) => ({
      uri,
      resourceId,
    }));
  }
  return config;
}

export function appHostedMediaConfig(blob: string): GraphAppHostedMediaConfig {
  return { '@odata.type': ODATA_TYPES.appHostedMediaConfig, blob };
}

/** A fresh `clientContext` per prompt, so that its operation is recognised when it completes. */
export function playPromptBody(
  prompts: readonly MediaFile[],
  clientContext: string = randomUUID(),
): GraphPlayPromptBody & { clientContext: string } {
  return {
    clientContext,
    prompts: prompts.map(({ uri, resourceId }) => ({
      '@odata.type': ODATA_TYPES.mediaPrompt,
      mediaInfo: { uri, resourceId },
    })),
  };
}
