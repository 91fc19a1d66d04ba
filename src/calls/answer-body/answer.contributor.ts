import type { GraphAnswerBody } from '../../graph';
import type { CallRecord } from '../../store';
import type { AnswerDecision, FinalDecision } from '../decision/call-decision';
import type { IncomingCall } from '../incoming-call';

/** The parts of an answer body a contributor may set; later contributors override earlier ones. */
export type AnswerContribution = Partial<
  Pick<
    GraphAnswerBody,
    'acceptedModalities' | 'mediaConfig' | 'callOptions' | 'participantCapacity'
  >
>;

export interface AnswerContext {
  /** The call as stored when the answer is built. */
  readonly call: CallRecord;
  readonly incoming: IncomingCall;
  /** The answer decision being turned into a body (from a rule, a handler or the operator). */
  readonly action: AnswerDecision;
  /** The body so far: complete and valid without any contributor. */
  readonly body: Readonly<GraphAnswerBody>;
  /**
   * Aborted when the decision budget runs out: stop any I/O (an HTTP call to a media sidecar...).
   * A contribution that arrives after it is discarded and the fallback answer goes out instead.
   */
  readonly signal: AbortSignal;
  /**
   * When the decision budget ends, as a `performance.now()` time (the clock of `DeadlineScope`,
   * which a wall-clock step cannot move): `signal` aborts then. For a contributor that leaves
   * itself a margin, e.g. `budgetAt - performance.now() - reserveMs` for a sidecar request.
   */
  readonly budgetAt: number;
}

/** What a contributor gets when the fallback answer is built: no time is left for I/O. */
export type FallbackAnswerContext = Omit<AnswerContext, 'signal' | 'budgetAt'>;

/**
 * A feature module's part of every answer (the media module sets `mediaConfig` from a profile, the
 * policy-recording module sets `participantCapacity`). Registered with `AnswerPipeline.register`
 * from the module's `onModuleInit`; contributors run in registration order, under the deadline.
 */
export interface AnswerContributor {
  /** Shown in logs and errors. */
  readonly name: string;
  /**
   * Returns this module's part of the body, or undefined for none. Throwing (preferably an
   * `AnswerContributionError`) makes the call get the fallback decision at once.
   */
  contribute(
    context: AnswerContext,
  ): Promise<AnswerContribution | undefined> | AnswerContribution | undefined;
  /**
   * Synchronous and without I/O: this module's part of the fallback answer (e.g. a fallback media
   * profile). Without it, the fallback answer carries nothing from this module.
   */
  contributeFallback?(context: FallbackAnswerContext): AnswerContribution | undefined;
  /**
   * Start-up check of every configured answer action (rules, `answer.defaultAction`,
   * `answer.fallback`): one message per problem, each naming the key, e.g.
   * `answer.rules[1].action.mediaProfile: unknown media profile "hd"`.
   */
  validateAction?(action: AnswerDecision, path: string): string[];
}

/**
 * Thrown by a contributor that cannot contribute (a media provider failed, ...). The call gets
 * `fallback` when given, else the configured `answer.fallback`.
 */
export class AnswerContributionError extends Error {
  override readonly name = 'AnswerContributionError';

  constructor(
    message: string,
    readonly fallback?: FinalDecision,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
