/** `@odata.type` values of the `resourceData` kinds the service knows. */
export const CALL_TYPE = '#microsoft.graph.call';
export const PARTICIPANT_TYPE = '#microsoft.graph.participant';
export const PARTICIPANT_JOINING_TYPE = '#microsoft.graph.participantJoiningNotification';
export const PARTICIPANT_LEFT_TYPE = '#microsoft.graph.participantLeftNotification';
export const CONTENT_SHARING_SESSION_TYPE = '#microsoft.graph.contentSharingSession';

/** `commsOperation` and the operations derived from it (msgraph v1.0 and beta). */
export const COMMS_OPERATION_TYPES = [
  '#microsoft.graph.commsOperation',
  '#microsoft.graph.playPromptOperation',
  '#microsoft.graph.recordOperation',
  '#microsoft.graph.updateRecordingStatusOperation',
  '#microsoft.graph.subscribeToToneOperation',
  '#microsoft.graph.cancelMediaProcessingOperation',
  '#microsoft.graph.inviteParticipantsOperation',
  '#microsoft.graph.muteParticipantOperation',
  '#microsoft.graph.muteParticipantsOperation',
  '#microsoft.graph.unmuteParticipantOperation',
  '#microsoft.graph.startHoldMusicOperation',
  '#microsoft.graph.stopHoldMusicOperation',
  '#microsoft.graph.sendDtmfTonesOperation',
  '#microsoft.graph.addLargeGalleryViewOperation',
] as const;
export type CommsOperationType = (typeof COMMS_OPERATION_TYPES)[number];
