import type { CallError, CallRecord } from '../calls';
import { MEDIA_EXTENSION } from './media.constants';

export type PromptStatus = 'pending' | 'playing' | 'completed' | 'failed';

/** The prompt played when the call is established (one per call). */
export interface PromptFacts {
  status: PromptStatus;
  /** Sent with `playPrompt`; the operation's notifications carry it back. */
  clientContext: string | null;
  operationId: string | null;
  error: CallError | null;
}

/** What this module keeps on a call, under `extensions.media` (plain JSON: the store may be Redis). */
export interface MediaCallFacts {
  /** The profile the answer was built with. */
  profile: string | null;
  prompt: PromptFacts | null;
  /**
   * Sessions that ended, so that a `created` arriving after its `deleted` (Graph does not order
   * notifications) does not bring a session back. The most recent few only.
   */
  endedContentSharingSessions: string[];
}

const EMPTY: MediaCallFacts = { profile: null, prompt: null, endedContentSharingSessions: [] };

/** Read defensively: another version of the service may have written it. */
export function mediaFacts(call: Pick<CallRecord, 'extensions'>): MediaCallFacts {
  const raw = call.extensions?.[MEDIA_EXTENSION];
  if (typeof raw !== 'object' || raw === null) return { ...EMPTY };
  const facts = raw as Partial<MediaCallFacts>;
  return {
    profile: typeof facts.profile === 'string' ? facts.profile : null,
    prompt: typeof facts.prompt === 'object' && facts.prompt !== null ? facts.prompt : null,
    endedContentSharingSessions: Array.isArray(facts.endedContentSharingSessions)
      ? facts.endedContentSharingSessions.filter((s): s is string => typeof s === 'string')
      : [],
  };
}

/** The call with its media facts changed by `change`. */
export function withMediaFacts(
  call: CallRecord,
  change: (facts: MediaCallFacts) => MediaCallFacts,
): CallRecord {
  return {
    ...call,
    extensions: { ...call.extensions, [MEDIA_EXTENSION]: change(mediaFacts(call)) },
  };
}
