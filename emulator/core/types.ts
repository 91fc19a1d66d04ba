import type { JsonObject } from './util';

export const SCENARIOS = [
  'p2p-service-hosted',
  'p2p-app-hosted',
  'group-call',
  'pstn',
  'policy-recording',
  'duplicate-delivery',
  'out-of-order',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export function isScenarioName(value: unknown): value is ScenarioName {
  return typeof value === 'string' && (SCENARIOS as readonly string[]).includes(value);
}

export type StateOrder = 'normal' | 'reversed';

/** The actions the bot POSTs to `/communications/calls/{id}/{action}`, spelled as in the path. */
export const CALL_ACTIONS = [
  'answer',
  'reject',
  'redirect',
  'keepAlive',
  'updateRecordingStatus',
  'playPrompt',
] as const;

/** The Graph endpoints (fault and filter target `graph`): the call actions, the call, the rest. */
export const GRAPH_ENDPOINTS = [...CALL_ACTIONS, 'deleteCall', 'getCall', 'graphOther'] as const;

/** Which Graph/AAD endpoint a request hit; faults and request filters use the same names. */
export const ENDPOINTS = ['token', 'aadMetadata', 'notificationKeys', ...GRAPH_ENDPOINTS] as const;
export type EndpointName = (typeof ENDPOINTS)[number];
export type FaultTarget = EndpointName | 'graph' | '*';

export interface EmulatorOptions {
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Interface to listen on; loopback by default, since the control API has no authentication. */
  host: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /**
   * PEM of the certificate (or public key) whose private key signs `client_assertion`s, for a
   * service that authenticates with a certificate instead of the secret. Null: assertions refused.
   */
  clientCertificatePem: string | null;
  /** Where the bot really listens, e.g. http://127.0.0.1:3000. */
  botBaseUrl: string;
  /** The bot's global callback path under botBaseUrl (and publicBaseUrl). */
  botPath: string;
  /**
   * The https base the bot puts in callbackUri (its PUBLIC_BASE_URL). Any URI starting with it is
   * delivered to botBaseUrl instead, like the gateway in front of the service.
   */
  publicBaseUrl: string;
  /** Lifetime of the Graph access tokens the AAD endpoint issues. */
  tokenLifetimeSeconds: number;
  /** Graph resources (`<resource>/.default` scopes) the token endpoint and Graph surface accept. */
  graphResources: string[];
  /** `iss` of notification tokens. */
  notificationIssuer: string;
  /**
   * A notification token is reused for this long (it is valid for 300 s) so that RSA signing
   * is not paid per notification under load; 0 signs every notification afresh.
   */
  notificationTokenReuseSeconds: number;
  /** Answer/reject/redirect windows, counted from when the incoming notification was sent. */
  deadlines: { regularMs: number; policyRecordingMs: number };
  /** Order of the establishing/established notifications after an answer. */
  stateOrder: StateOrder;
  /** Send establishing/established by itself after an answer (else call `establish()`). */
  autoEstablish: boolean;
  /** Pause between an accepted answer and the first state notification. */
  establishDelayMs: number;
  /** Pause between two participants of a policy-recording group joining. */
  joinIntervalMs: number;
  /** Gap between the two deliveries of the `duplicate-delivery` scenario (0: at once). */
  duplicateDelayMs: number;
  /** How long a playPrompt "plays" before its completed operation notification. */
  promptDurationMs: number;
  /** Timeout of one notification POST to the bot. */
  notificationTimeoutMs: number;
  /** Bounded memory: requests kept for `requests()`, calls kept for `listCalls()`. */
  maxRecordedRequests: number;
  maxCalls: number;
  /** Where the TLS certificates live (created when missing). */
  certDir: string;
  /**
   * Extra names (DNS names or IP addresses) the server certificate covers besides 127.0.0.1,
   * localhost and ::1; the certificate is issued again, by the same CA, when one is missing.
   */
  certHosts?: string[];
  /**
   * The https origin other machines or containers reach the emulator at (e.g.
   * `https://emulator:8443`), used for `url` and everything derived from it: AAD and
   * notification-key metadata, `serviceEnv()`. Its host is added to the server certificate.
   * Default `https://<host>:<port>`, with 127.0.0.1 for a host listening on every interface.
   */
  externalUrl?: string;
  /**
   * Folder of the signing keys kept across restarts; null generates fresh keys in memory
   * (rotations are always in memory).
   */
  keyDir: string | null;
  /** One line per notable event (calls, decisions); null is silent. */
  log: ((line: string) => void) | null;
}

export interface NotificationTokenClaims {
  iss: string;
  aud: string | string[];
  tid: string;
  appid?: string;
  iat: number;
  nbf: number;
  exp: number;
  [claim: string]: unknown;
}

export interface SignOptions {
  /** `kid` header; defaults to the signing key's own kid. */
  kid?: string;
  /** `foreign`: a key that is not in the JWKS (a forged token). */
  key?: 'current' | 'foreign';
  /** RS256 (default), RS384, RS512, PS256, HS256 (with a made-up secret) or `none`. */
  alg?: string;
  /** exp = now + this (default nbf + 300 s, like Graph). */
  expiresInSeconds?: number;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON when the response was JSON, else the text ('' when empty). */
  body: unknown;
}

export interface DeliverOptions {
  /** undefined: a valid signed token; null: no Authorization header; a string: that token. */
  token?: string | null;
  headers?: Record<string, string>;
  /** Path under botBaseUrl (default botPath) or an absolute URL. */
  path?: string;
  /** Send this exact text instead of JSON.stringify(body). */
  rawBody?: string;
}

export interface CallerOverride {
  kind: 'user' | 'application' | 'phone' | 'guest' | 'anonymous';
  id?: string;
  displayName?: string;
  tenantId?: string;
}

export interface PlaceCallOptions {
  /** Use this call id instead of a fresh one. */
  callId?: string;
  /** Tenant of the call (resourceData.tenantId and the token's `tid`). */
  tenantId?: string;
  caller?: CallerOverride;
  requestedModalities?: string[];
  stateOrder?: StateOrder;
  autoEstablish?: boolean;
  /** Deadline of this call in ms (overrides the configured one). */
  deadlineMs?: number;
  /** Policy recording: participants of the policy group (the first one is the incoming call). */
  participants?: number;
  policyIdentifier?: string;
  /** `documented` (PolicyBasedRecording, as the Graph docs) or `tenant` (ComplianceRecording, as real tenants). */
  policyVariant?: 'documented' | 'tenant';
  /**
   * How later participants reach the bot. `graph` (default) mirrors Graph: joining notifications
   * only while the emulator counts free capacity, else new incoming calls. `always-join` sends every
   * later participant as a joining notification to the group's first call (capacity reports show
   * Graph does not always honour it), so the bot's own accounting decides.
   */
  joinRouting?: 'graph' | 'always-join';
  /** Duplicate-delivery scenario: reuse the X-Microsoft-Skype-Message-ID on the repeat. */
  sameMessageId?: boolean;
  /** Last word on the incoming call's resourceData (programmatic use only). */
  mutate?: (resourceData: JsonObject) => void;
}

export interface PlacedCall {
  callId: string;
  scenario: ScenarioName;
  groupId: string | null;
  chainId: string;
  /** The bot's HTTP status for the incoming notification (0 when the POST failed). */
  status: number;
  responseBody: unknown;
  sentAt: string;
  deadlineAt: string;
  notification: JsonObject;
}

export type ActionKind = 'answer' | 'reject' | 'redirect';

export interface BotAction {
  callId: string;
  /** `none`: nothing accepted before the deadline. */
  kind: ActionKind | 'none';
  /** Accepted in time by the emulator. */
  accepted: boolean;
  /** The deadline passed before a decision (a late one, if any, was refused with 404). */
  deadlineMissed: boolean;
  /** Incoming notification sent → decision received, in ms (null for `none`). */
  latencyMs: number | null;
  body: unknown;
  clientRequestId: string | null;
  scenarioId: string | null;
  at: string | null;
}

export interface CallRequest {
  endpoint: EndpointName;
  method: string;
  path: string;
  status: number;
  at: string;
  /** Since the (first) incoming notification was sent. */
  sinceNotificationMs: number;
  clientRequestId: string | null;
  scenarioId: string | null;
  hasAuthorization: boolean;
  body: unknown;
  /** Arrived after the deadline. */
  late: boolean;
  /** A fault answered it instead of the emulator. */
  fault: string | null;
}

export interface DeliveryRecord {
  kind: string;
  url: string;
  messageId: string;
  at: string;
  status: number;
  durationMs: number;
  responseBody: unknown;
  error: string | null;
}

export type CallState = 'incoming' | 'establishing' | 'established' | 'terminated';

export type CallOutcome = 'pending' | 'answered' | 'rejected' | 'redirected' | 'deadlineMissed';

export interface CallRecord {
  id: string;
  scenario: ScenarioName;
  isPolicyRecording: boolean;
  groupId: string | null;
  tenantId: string;
  chainId: string;
  state: CallState;
  outcome: CallOutcome;
  incomingSentAt: string;
  deadlineMs: number;
  deadlineAt: string;
  action: BotAction | null;
  /** Answer details. */
  callbackUri: string | null;
  mediaConfigType: string | null;
  participantCapacity: number | null;
  /** Participants handled by this call instance (the call itself counts as the first). */
  participantsHandled: number;
  contentSharingSessions: string[];
  keepAlives: number;
  recordingStatus: string | null;
  operations: Array<{ id: string; kind: string; status: string; clientContext: string | null }>;
  resultInfo: JsonObject | null;
  requests: CallRequest[];
  deliveries: DeliveryRecord[];
  /** The incoming call's resourceData as sent. */
  resource: JsonObject;
}

export interface RecordedRequest {
  id: number;
  at: string;
  method: string;
  path: string;
  endpoint: EndpointName;
  callId: string | null;
  status: number;
  durationMs: number;
  clientRequestId: string | null;
  scenarioId: string | null;
  hasAuthorization: boolean;
  contentType: string | null;
  /** Parsed body; secrets (client_secret, client_assertion) are masked. */
  body: unknown;
  fault: string | null;
}

export interface RequestFilter {
  endpoint?: EndpointName | 'graph';
  callId?: string;
  /** Only requests recorded after this id. */
  afterId?: number;
}

export interface Fault {
  endpoint: FaultTarget;
  /** Answer with this status (Graph or AAD error body) instead of handling the request. */
  status?: number;
  retryAfterSeconds?: number;
  /** Wait this long first (then apply status/drop, or handle normally). */
  latencyMs?: number;
  /** Destroy the socket without answering. */
  drop?: boolean;
  /** How many matching requests it applies to; unlimited when absent. */
  times?: number;
  /** Only requests about this call. */
  callId?: string;
  /** Graph error code in the body (default from the status). */
  code?: string;
}

export interface ActiveFault extends Fault {
  id: string;
  applied: number;
}

export type ParticipantRoute = 'incoming' | 'joining' | 'invited' | 'pending';

export interface GroupParticipant {
  index: number;
  participantId: string;
  userId: string;
  route: ParticipantRoute;
  /** The call that handles (or was created for) this participant. */
  callId: string | null;
  joinStatus: number | null;
  joinResponse: unknown;
  /** accepted | rejected | invited | answered | refused | error | pending */
  result: string;
}

export interface PolicyGroup {
  id: string;
  policyIdentifier: string;
  chainId: string;
  joinRouting: 'graph' | 'always-join';
  participants: GroupParticipant[];
  done: boolean;
}

export interface EmulatorStats {
  calls: number;
  answered: number;
  rejected: number;
  redirected: number;
  deadlineMisses: number;
  pending: number;
  undeliverable: number;
  /** Incoming notification sent → decision received (accepted decisions). */
  latencyMs: { p50: number | null; p95: number | null; p99: number | null; max: number | null };
}
