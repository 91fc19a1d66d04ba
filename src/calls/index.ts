/**
 * The Calls module's public surface for Switchboard's feature modules (policy recording, media),
 * which import from here only, never from the files behind it. Users' own modules import from the
 * package's public entry (`src/index.ts`), which re-exports what they need of this.
 *
 * Extension points:
 * - `CALL_DECISION_HANDLER` / `CallDecisionHandler`: decide incoming calls yourself (asked before
 *   the configured rules, under the deadline budget).
 * - `AnswerPipeline.register(contributor)` / `AnswerContributor`: add your part of every answer
 *   body (`mediaConfig`, `participantCapacity`, `callOptions`, `acceptedModalities`).
 * - `CallEvents.on(name, listener)` (`CallEventMap`): react to a call's life, once per transition;
 *   feature modules also emit their own (participants, recording status). Users' modules get them
 *   as the public lifecycle events (`SwitchboardEvents`).
 * - `CallsService`: read a call and update the parts a feature module owns, atomically.
 * - `OperatorApiController()` (which applies `OperatorApiKeyGuard`) and `CallIdPipe`: for a
 *   feature module's own routes under `/api/calls`, so that they take the same keys and refuse the
 *   same ids as the Calls module's.
 */
export { CallsModule } from './calls.module';
export { CALL_DECISION_HANDLER } from './calls.constants';
export type { CallDecisionContext, CallDecisionHandler } from './decision/call-decision.handler';
export type {
  AnswerDecision,
  CallDecision,
  DeferDecision,
  FinalDecision,
  RedirectDecision,
  RedirectTarget,
  RejectDecision,
} from './decision/call-decision';
export {
  readCallFacts,
  type CallFacts,
  type CallRouteFacts,
  type GraphObject,
  type GraphPayload,
} from './decision/call-facts';
export { decisionDetailsOf, type DecisionDetails } from './decision/decision-details';
export { DecisionService } from './decision/decision.service';
export { ConfiguredActionsValidator } from './decision/configured-actions.validator';
export { compileRuleSet, LiveRules, type RuleSet } from './decision/rule-set';
export {
  ACCEPTED_MODALITIES,
  CALLER_KINDS,
  REDIRECT_TARGET_KINDS,
  REJECT_REASONS,
  ROUTING_TYPES,
  isE164,
  type AcceptedModality,
  type CallerKind,
  type RedirectTargetKind,
  type RejectReason,
  type RoutingType,
} from './decision/decision.vocabulary';
export type { IncomingCall } from './incoming-call';
export { AnswerPipeline } from './answer-body/answer.pipeline';
export {
  AnswerContributionError,
  type AnswerContext,
  type AnswerContribution,
  type AnswerContributor,
  type FallbackAnswerContext,
} from './answer-body/answer.contributor';
export {
  CallEvents,
  type CallEventListener,
  type CallEventMap,
  type CallEventName,
} from './call-events';
export {
  CallsService,
  isOperationFinished,
  type AlongWith,
  type CallChange,
  type CallPatch,
} from './calls.service';
export { CallLog } from './call-log';
export { CallIdPipe } from './operator/call-id.pipe';
export { CallErrorView } from './operator/dto/call.view';
export { OperatorApiController } from './operator/operator-api.decorator';
export { OperatorApiKeyGuard } from './operator/operator-api-key.guard';
export { DeadlineInterceptor } from './deadline/deadline.interceptor';
export {
  DeadlineExceededError,
  DeadlineScope,
  deadlineScopeOf,
  type BudgetedResult,
} from './deadline/deadline.scope';
export { normalizeCallState, transitionCallState } from './call-state.machine';
export { CALL_STATES } from '../store';
export type {
  CallError,
  CallerInfo,
  CallOperation,
  CallRecord,
  CallState,
  DecisionAction,
  DecisionOutcome,
  DecisionSource,
} from '../store';
