import type { AcceptedModality } from '../calls';
import type { MediaProfile } from './media-profile';

export type ModalityChoice =
  { readonly accepted: AcceptedModality[] } | { readonly rejected: string };

type ModalityRules = Pick<MediaProfile, 'name' | 'modalities' | 'modalityMismatch'>;

function lower(values: readonly string[]): Set<string> {
  return new Set(values.map((v) => v.toLowerCase()));
}

/**
 * The modalities that are wanted (the answer action's), requested by the call and taken by the
 * profile's media stack. An empty `requested` (Graph left it out) restricts nothing.
 */
function usable(
  wanted: readonly AcceptedModality[],
  requested: readonly string[],
  profile: ModalityRules,
): AcceptedModality[] {
  const asked = lower(requested);
  const supported = lower(profile.modalities);
  return wanted.filter(
    (m) => supported.has(m.toLowerCase()) && (asked.size === 0 || asked.has(m.toLowerCase())),
  );
}

/**
 * `acceptSubset` answers with what is usable and rejects only when nothing is; `reject` rejects
 * unless everything wanted is usable (all or nothing, for bots that need, say, video to work).
 */
export function chooseModalities(
  wanted: readonly AcceptedModality[],
  requested: readonly string[],
  profile: ModalityRules,
): ModalityChoice {
  const accepted = usable(wanted, requested, profile);
  if (accepted.length === wanted.length) return { accepted };
  const why =
    `wanted [${wanted.join(', ')}], the call requested [${requested.join(', ')}], ` +
    `media profile "${profile.name}" takes [${profile.modalities.join(', ')}]`;
  if (accepted.length === 0 || profile.modalityMismatch === 'reject') return { rejected: why };
  return { accepted };
}

/**
 * The fallback answer cannot turn into a reject (it only adds to an answer), so it takes the best
 * it can: the usable subset, else what the profile takes of what is wanted, else the profile's first.
 */
export function fallbackModalities(
  wanted: readonly AcceptedModality[],
  requested: readonly string[],
  profile: ModalityRules,
): AcceptedModality[] {
  const accepted = usable(wanted, requested, profile);
  if (accepted.length > 0) return accepted;
  const supported = usable(wanted, [], profile);
  return supported.length > 0 ? supported : [profile.modalities[0]];
}

/**
 * Start-up: a configured answer whose modalities its profile can never answer. Only the profile
 * is known then (not the call), so this finds answers that would fail on every call.
 */
export function modalityProblem(
  wanted: readonly AcceptedModality[],
  profile: ModalityRules,
): string | undefined {
  const accepted = usable(wanted, [], profile);
  const takes = `media profile "${profile.name}" takes only [${profile.modalities.join(', ')}]`;
  if (accepted.length === 0) return `${takes}: no call could be answered`;
  if (accepted.length < wanted.length && profile.modalityMismatch === 'reject') {
    return `${takes} and its modalityMismatch is reject: every call would be rejected`;
  }
  return undefined;
}
