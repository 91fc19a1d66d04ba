/**
 * The Policy-recording module's public surface: other modules (and users' own recorder modules)
 * import from here only.
 *
 * - `RecordingStatusService.reportFailure(callId, reason)`: the recorder's hook to report that
 *   recording cannot start or has stopped (`updateRecordingStatus` with `failed`).
 * - `RecordingEvents.on('acknowledged')`: Graph acknowledged a reported status; for `recording`,
 *   the recorder's cue to persist media.
 * - A call's policy-recording facts and last reported status are under
 *   `extensions.policyRecording` (`PolicyRecordingExtension`), read with `policyExtensionOf`.
 */
export { PolicyRecordingModule } from './policy-recording.module';
export {
  RecordingStatusService,
  type RecordingStatusRefusal,
  type RecordingStatusResult,
} from './recording-status.service';
export { RecordingEvents, type RecordingEventMap } from './recording.events';
export {
  POLICY_RECORDING_EXTENSION,
  policyExtensionOf,
  type PolicyRecordingExtension,
  type RecordingStatusRecord,
  type RecordingStatusSource,
} from './policy-recording.extension';
export {
  readPolicyCallFacts,
  type OtherSideUser,
  type PolicyCallFacts,
  type RecorderRef,
} from './policy-call.facts';
