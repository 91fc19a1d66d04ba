import type {
  AppHostedMediaConfig,
  Call,
  CommsOperation,
  CommunicationsIdentitySet,
  CommunicationsUserIdentity,
  IncomingCallOptions,
  InvitationParticipantInfo,
  MediaInfo,
  MediaPrompt,
  Modality,
  RecordingStatus,
  RejectReason,
  ServiceHostedMediaConfig,
} from '@microsoft/microsoft-graph-types';

/**
 * The wire shapes of the action bodies we send. Graph's type package has entity interfaces but no
 * types for the answer/reject/redirect/... action bodies, so these are composed from the entity
 * interfaces; each DTO class `implements GraphShape<Self, Body>`, which makes a property the body
 * does not have (a misspelling) or one of the wrong type a compile error.
 */
export type GraphShape<Dto, Body> = Body & { [K in Exclude<keyof Dto, keyof Body>]: never };

export const ODATA_TYPES = {
  serviceHostedMediaConfig: '#microsoft.graph.serviceHostedMediaConfig',
  appHostedMediaConfig: '#microsoft.graph.appHostedMediaConfig',
  incomingCallOptions: '#microsoft.graph.incomingCallOptions',
  invitationParticipantInfo: '#microsoft.graph.invitationParticipantInfo',
  mediaPrompt: '#microsoft.graph.mediaPrompt',
} as const;

/** `@odata.type` values accepted on an identity set and on one identity. */
export const IDENTITY_SET_TYPES = [
  '#microsoft.graph.identitySet',
  '#microsoft.graph.communicationsIdentitySet',
] as const;
export const IDENTITY_TYPES = [
  '#microsoft.graph.identity',
  '#microsoft.graph.communicationsUserIdentity',
  '#microsoft.graph.communicationsPhoneIdentity',
  '#microsoft.graph.communicationsApplicationIdentity',
  '#microsoft.graph.communicationsApplicationInstanceIdentity',
  '#microsoft.graph.communicationsGuestIdentity',
  '#microsoft.graph.communicationsEncryptedIdentity',
] as const;

type ODataTyped<Name extends string> = { '@odata.type': Name };
type MaybeODataTyped<Name extends string> = { '@odata.type'?: Name };

/** The modalities an answer may accept (v1.0). */
export const ANSWER_MODALITIES = ['audio', 'video', 'videoBasedScreenSharing'] as const;
export type AnswerModality = Extract<Modality, (typeof ANSWER_MODALITIES)[number]>;

export const REJECT_REASONS = ['none', 'busy', 'forbidden'] as const;
export type GraphRejectReason = Extract<RejectReason, (typeof REJECT_REASONS)[number]>;

export const RECORDING_STATUSES = ['notRecording', 'recording', 'failed'] as const;
export type GraphRecordingStatus = Extract<RecordingStatus, (typeof RECORDING_STATUSES)[number]>;

export type GraphMediaInfo = MediaInfo;
export type GraphServiceHostedMediaConfig = ServiceHostedMediaConfig &
  ODataTyped<typeof ODATA_TYPES.serviceHostedMediaConfig>;
export type GraphAppHostedMediaConfig = AppHostedMediaConfig &
  ODataTyped<typeof ODATA_TYPES.appHostedMediaConfig>;
export type GraphIncomingCallOptions = IncomingCallOptions &
  ODataTyped<typeof ODATA_TYPES.incomingCallOptions>;

export type GraphIdentity = CommunicationsUserIdentity &
  MaybeODataTyped<(typeof IDENTITY_TYPES)[number]>;
export type GraphIdentitySet = CommunicationsIdentitySet &
  MaybeODataTyped<(typeof IDENTITY_SET_TYPES)[number]>;
export type GraphInvitationParticipantInfo = InvitationParticipantInfo &
  MaybeODataTyped<typeof ODATA_TYPES.invitationParticipantInfo>;
export type GraphMediaPrompt = MediaPrompt & ODataTyped<typeof ODATA_TYPES.mediaPrompt>;

/** `POST /communications/calls/{id}/answer`. */
export type GraphAnswerBody = Required<Pick<Call, 'callbackUri'>> & {
  acceptedModalities: AnswerModality[];
  mediaConfig: GraphServiceHostedMediaConfig | GraphAppHostedMediaConfig;
  callOptions?: GraphIncomingCallOptions;
  /** Policy-based recording only. */
  participantCapacity?: number;
};

/** `POST /communications/calls/{id}/reject`. */
export type GraphRejectBody = Pick<Call, 'callbackUri'> & { reason: GraphRejectReason };

/** `POST /communications/calls/{id}/redirect`. */
export type GraphRedirectBody = Pick<Call, 'callbackUri'> & {
  targets: GraphInvitationParticipantInfo[];
  /** Seconds, 15 to 90. */
  timeout?: number;
};

/** `POST /communications/calls/{id}/updateRecordingStatus`. */
export type GraphUpdateRecordingStatusBody = {
  clientContext: NonNullable<CommsOperation['clientContext']>;
  status: GraphRecordingStatus;
};

/** `POST /communications/calls/{id}/playPrompt`. */
export type GraphPlayPromptBody = Pick<CommsOperation, 'clientContext'> & {
  prompts: GraphMediaPrompt[];
};
