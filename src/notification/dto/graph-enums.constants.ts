import { CALL_STATES } from '../../store';

/*
 * Graph's enum values as its documentation and SDKs list them (docs/graph-choices.md). Values in
 * one source and not the other (`ringing`, `unknown`, `screenSharing`) are listed as known.
 */

/** The states the service tracks a call through, plus Graph's placeholder for later ones. */
export const GRAPH_CALL_STATES = [...CALL_STATES, 'unknownFutureValue'] as const;
export type GraphCallState = (typeof GRAPH_CALL_STATES)[number];

export const CALL_DIRECTIONS = ['incoming', 'outgoing'] as const;
export type GraphCallDirection = (typeof CALL_DIRECTIONS)[number];

export const MODALITIES = [
  'unknown',
  'audio',
  'video',
  'videoBasedScreenSharing',
  'screenSharing',
  'data',
  'unknownFutureValue',
] as const;
export type GraphModality = (typeof MODALITIES)[number];

export const ENDPOINT_TYPES = [
  'default',
  'voicemail',
  'skypeForBusiness',
  'skypeForBusinessVoipPhone',
  'unknownFutureValue',
] as const;
export type GraphEndpointType = (typeof ENDPOINT_TYPES)[number];

export const ROUTING_TYPES = ['forwarded', 'lookup', 'selfFork', 'unknownFutureValue'] as const;
export type GraphRoutingType = (typeof ROUTING_TYPES)[number];

export const OPERATION_STATUSES = [
  'notStarted',
  'running',
  'completed',
  'failed',
  'unknownFutureValue',
] as const;
export type GraphOperationStatus = (typeof OPERATION_STATUSES)[number];

export const MEDIA_DIRECTIONS = ['inactive', 'sendOnly', 'receiveOnly', 'sendReceive'] as const;
export type GraphMediaDirection = (typeof MEDIA_DIRECTIONS)[number];

/** The envelope's `changeType`: strict, unlike the enums inside `resourceData`. */
export const CHANGE_TYPES = ['created', 'updated', 'deleted'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];
