import type { AcceptedModality, RedirectTargetKind, RejectReason } from './decision.vocabulary';

/** Answer the call. Unset properties take the defaults: `[audio]`, the default media profile. */
export interface AnswerDecision {
  readonly type: 'answer';
  readonly acceptedModalities?: readonly AcceptedModality[];
  /** A `media.profiles` key; resolved into `mediaConfig` by the media module's contributor. */
  readonly mediaProfile?: string;
  /** `#microsoft.graph.incomingCallOptions` without its `@odata.type`. */
  readonly callOptions?: {
    readonly hideBotAfterEscalation?: boolean;
    readonly isContentSharingNotificationEnabled?: boolean;
    readonly isDeltaRosterEnabled?: boolean;
    readonly isInteractiveRosterEnabled?: boolean;
  };
  /** Sent on policy-based recording calls only. */
  readonly participantCapacity?: number;
}

export interface RejectDecision {
  readonly type: 'reject';
  /** Defaults to `none`. */
  readonly reason?: RejectReason;
}

export interface RedirectTarget {
  readonly kind: RedirectTargetKind;
  readonly id: string;
  readonly displayName?: string;
  readonly tenantId?: string;
}

export interface RedirectDecision {
  readonly type: 'redirect';
  readonly targets: readonly RedirectTarget[];
  /** Seconds, 15 to 90. */
  readonly timeout?: number;
}

/** Leave the decision to the operator API until the budget runs out (then the fallback). */
export interface DeferDecision {
  readonly type: 'defer';
}

/** What a rule, a custom decision handler or an operator decides for an incoming call. */
export type CallDecision = AnswerDecision | RejectDecision | RedirectDecision | DeferDecision;

/** A decision that goes to Graph as it is. */
export type FinalDecision = AnswerDecision | RejectDecision | RedirectDecision;
