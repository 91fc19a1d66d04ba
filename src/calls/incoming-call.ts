import type { Call } from '@microsoft/microsoft-graph-types';
import type { CallFacts, GraphPayload } from './decision/call-facts';

/** The incoming-call notification a decision is made on. */
export interface IncomingCall {
  /** `resourceData` as Graph sent it (a validated `#microsoft.graph.call`, extra properties kept). */
  readonly resource: GraphPayload<Call>;
  /** What the rules read from it: caller, tenant, modalities, meeting, PSTN, policy recording. */
  readonly facts: CallFacts;
}
