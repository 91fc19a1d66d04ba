import type { CallError, CallRecord, CallsService } from '../calls';
import type { GraphRecordingStatus } from '../graph';
import type { PolicyCallFacts } from './policy-call.facts';

/** `extensions[POLICY_RECORDING_EXTENSION]` of a call. */
export const POLICY_RECORDING_EXTENSION = 'policyRecording';

/** Who asked for a recording status. */
export type RecordingStatusSource = 'established' | 'recorder' | 'operator';

/**
 * The last recording status this service reported (or is reporting) for a call. One at a time:
 * a newer request (another `clientContext`) supersedes the one before, whose outcome is dropped.
 */
export interface RecordingStatusRecord {
  readonly status: GraphRecordingStatus;
  readonly source: RecordingStatusSource;
  /** Why (the recorder's or operator's words); null for the automatic report. */
  readonly reason: string | null;
  readonly clientContext: string;
  /** `sending` while requests are being made; `sent` once Graph accepted it; `failed` when it gave up. */
  readonly state: 'sending' | 'sent' | 'failed';
  readonly attempts: number;
  /** The `updateRecordingStatusOperation` Graph created, and its latest status. */
  readonly operationId: string | null;
  readonly operationStatus: string | null;
  readonly error: CallError | null;
  readonly requestedAt: string;
  readonly updatedAt: string;
}

/** What operators see of a policy-based recording call under `extensions.policyRecording`. */
export type PolicyRecordingExtension = Partial<Omit<PolicyCallFacts, 'isPolicyRecording'>> & {
  /** Where participantCapacity came from: `rule`, `group`, `global`, or null when none was sent. */
  readonly capacitySource?: 'rule' | 'group' | 'global' | null;
  readonly recordingStatus?: RecordingStatusRecord | null;
};

export function policyExtensionOf(call: CallRecord): PolicyRecordingExtension {
  const value = call.extensions?.[POLICY_RECORDING_EXTENSION];
  return typeof value === 'object' && value !== null ? value : {};
}

type ExtensionChange = (
  current: PolicyRecordingExtension,
  call: CallRecord,
) => PolicyRecordingExtension | undefined;

/** The call with its policy-recording extension changed by `mutate`; itself when that says undefined. */
export function withPolicyExtension(call: CallRecord, mutate: ExtensionChange): CallRecord {
  const next = mutate(policyExtensionOf(call), call);
  if (next === undefined) return call;
  return { ...call, extensions: { ...call.extensions, [POLICY_RECORDING_EXTENSION]: next } };
}

/**
 * Atomic read-modify-write of the call's policy-recording extension. `mutate` must be pure (it
 * may run again when another instance wrote in between); undefined leaves the call unchanged.
 */
export function updatePolicyExtension(
  calls: CallsService,
  callId: string,
  mutate: ExtensionChange,
): Promise<CallRecord | undefined> {
  return calls.update(callId, (call) => {
    const next = withPolicyExtension(call, mutate);
    return next === call ? undefined : next;
  });
}
