import type { CommsNotificationDto } from './dto/comms-notification.dto';
import type { PendingMarker } from './pending-marker';

/**
 * What the Notification module hands to the modules that own each kind of notification.
 * It is the only contract between them: consumers register a handler per kind with the
 * `NotificationRouter`, and the Notification module imports none of them.
 */
export type NotificationKind =
  /** `created` call with `state: incoming`: a new call to decide on. */
  | 'incomingCall'
  /** `updated` call: state changes (`establishing`, `established`, `transferring`...). */
  | 'callUpdated'
  /** `deleted` call (or `state: terminated`): the call is over. */
  | 'callTerminated'
  /** `/participants` roster (array of `#microsoft.graph.participant`). */
  | 'participants'
  /** `#microsoft.graph.participantJoiningNotification`: needs a synchronous response. */
  | 'participantJoining'
  /** `#microsoft.graph.participantLeftNotification`. */
  | 'participantLeft'
  /** `/contentsharingsessions/{id}` created or deleted (no resourceData). */
  | 'contentSharing'
  /** `/operations/{id}`: a commsOperation's progress (playPrompt, updateRecordingStatus...). */
  | 'operation'
  /** Anything else: accepted, logged and counted as unhandled. */
  | 'unhandled';

/** Facts about the delivery that carried a notification. */
export interface DeliveryContext {
  /** `performance.now()` when the request arrived: deadlines are measured from here. */
  readonly receivedAtMono: number;
  /** Wall-clock arrival time. */
  readonly receivedAt: Date;
  /** `tid` claim of the verified token. */
  readonly tenantId: string | undefined;
  /** `X-Microsoft-Skype-Chain-ID` header, when sent (and well-formed). */
  readonly chainId: string | undefined;
  /** The request id of the inbound HTTP request (log correlation). */
  readonly requestId: string;
  /** Time spent verifying the inbound token: the first stage of the deadline budget. */
  readonly authenticationMs: number;
}

export interface RoutedNotification {
  readonly kind: NotificationKind;
  /** Call id from `resourceUrl` (or legacy `resource`), exactly as given. */
  readonly callId: string | undefined;
  /** The trailing id after the call (content sharing session id, operation id), when any. */
  readonly subResourceId: string | undefined;
  readonly changeType: 'created' | 'updated' | 'deleted';
  /**
   * The call's scenario id (docs/http-interface.md): `X-Microsoft-Skype-Chain-ID`, else the `callChainId`
   * the notification carries. Goes on the call's log lines and as `Scenario-Id` to Graph.
   */
  readonly scenarioId: string | undefined;
  /** Position of the item in its delivery's `value` array. */
  readonly index: number;
  /** The validated notification item. */
  readonly notification: CommsNotificationDto;
  readonly context: DeliveryContext;
  /**
   * The repeat marker this notification leaves once handled (none for kinds never dropped as
   * repeats): a handler may take it into its own last store step (`PendingMarker`).
   */
  readonly repeatMarker?: PendingMarker;
}

/** The `participantJoiningResponse` object returned synchronously to Graph. */
export type ParticipantJoiningResponse =
  | { '@odata.type': '#microsoft.graph.acceptJoinResponse' }
  | { '@odata.type': '#microsoft.graph.inviteNewBotResponse'; inviteUri: string }
  | { '@odata.type': '#microsoft.graph.rejectJoinResponse'; reason: 'none' | 'busy' | 'forbidden' };

/**
 * A consumer of one kind of notification. It runs before the webhook answers, so it must be
 * quick: long work (answering a call) is started, not awaited. Only `participantJoining`
 * handlers return a value.
 */
export type NotificationHandler = (
  notification: RoutedNotification,
) => Promise<ParticipantJoiningResponse | void> | ParticipantJoiningResponse | void;
