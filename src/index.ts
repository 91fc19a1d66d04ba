/**
 * Switchboard's public API: what a user's own NestJS module imports (`import { ... } from
 * 'switchboard'`). Everything else in the package is internal and may change without notice.
 *
 * - Start the service from an entry point of yours: `createApp({ imports: [YourModule] })`, or list
 *   your module in `extensions.modules` and run `node node_modules/switchboard/dist/main.js`.
 * - Decide calls yourself: provide `CALL_DECISION_HANDLER` (`CallDecisionHandler`).
 * - Follow calls: import `SwitchboardEventsModule`, then `@OnSwitchboardEvent(name)` or
 *   `SwitchboardEvents.on(name, listener, { owner })`; the names are `LIFECYCLE_EVENTS`.
 * - Take options from the configuration: `@ExtensionOptions(YourOptions)` and a `forRoot`.
 * - Add to every answer: `AnswerPipeline.register(contributor)` (import `CallsModule`).
 * - Produce app-hosted media: provide `MEDIA_SESSION_PROVIDER` (`MediaSessionProvider`).
 * - Report a recorder failure: `RecordingStatusService.reportFailure` (import `PolicyRecordingModule`).
 *
 * NestJS, rxjs, reflect-metadata, class-validator and class-transformer are peer dependencies:
 * your module and Switchboard share one copy of each, so tokens, decorators and exceptions match.
 */
export { createApp, type CreateAppOptions } from './app.factory';

export {
  CALL_DECISION_HANDLER,
  CallsModule,
  CallsService,
  AnswerPipeline,
  AnswerContributionError,
  OperatorApiController,
  CallIdPipe,
  ACCEPTED_MODALITIES,
  CALLER_KINDS,
  REDIRECT_TARGET_KINDS,
  REJECT_REASONS,
  ROUTING_TYPES,
  isE164,
  type AcceptedModality,
  type AnswerContext,
  type AnswerContribution,
  type AnswerContributor,
  type AnswerDecision,
  type CallDecision,
  type CallDecisionContext,
  type CallDecisionHandler,
  type CallError,
  type CallerInfo,
  type CallerKind,
  type CallFacts,
  type CallRecord,
  type CallRouteFacts,
  type CallState,
  type DecisionAction,
  type DecisionOutcome,
  type DeferDecision,
  type FallbackAnswerContext,
  type FinalDecision,
  type GraphPayload,
  type IncomingCall,
  type RedirectDecision,
  type RedirectTarget,
  type RedirectTargetKind,
  type RejectDecision,
  type RejectReason,
  type RoutingType,
} from './calls';

export {
  ExtensionOptions,
  LIFECYCLE_EVENTS,
  OnSwitchboardEvent,
  SwitchboardEvents,
  SwitchboardEventsModule,
  type SwitchboardEventMap,
  type SwitchboardEventName,
} from './extensions';

export {
  MediaModule,
  MEDIA_SESSION_PROVIDER,
  type MediaSessionContext,
  type MediaSessionProvider,
} from './media';

export { PolicyRecordingModule, RecordingStatusService } from './policy-recording';

export { StrictValidationPipe } from './common/validation/strict-validation.pipe';

/** Microsoft's Graph typings of what handlers and listeners receive. */
export type {
  Call,
  CallRoute,
  CommsOperation,
  Identity,
  IdentitySet,
  Participant,
} from '@microsoft/microsoft-graph-types';
