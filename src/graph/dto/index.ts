export * from './answer-request.dto';
export * from './identity.dto';
export * from './incoming-call-options.dto';
export * from './media-config.dto';
export * from './play-prompt-request.dto';
export * from './redirect-request.dto';
export * from './reject-request.dto';
export * from './update-recording-status-request.dto';
export * from './validate-graph-request';
export {
  ANSWER_MODALITIES,
  ODATA_TYPES,
  RECORDING_STATUSES,
  REJECT_REASONS,
  type AnswerModality,
  type GraphAnswerBody,
  type GraphPlayPromptBody,
  type GraphRecordingStatus,
  type GraphRedirectBody,
  type GraphRejectBody,
  type GraphRejectReason,
  type GraphUpdateRecordingStatusBody,
} from './graph-bodies';
