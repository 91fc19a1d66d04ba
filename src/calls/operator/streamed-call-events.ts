/**
 * The events an operator follows calls by (`GET /api/calls/events`), each carrying the call as
 * `GET /api/calls/{id}` shows it. Imports nothing, so that the console (console/src/live) reads
 * the same list the server streams.
 */
export const STREAMED_CALL_EVENTS = [
  'incoming',
  'deferred',
  'decided',
  'answered',
  'stateChanged',
  'terminated',
] as const;

export type StreamedCallEventName = (typeof STREAMED_CALL_EVENTS)[number];
