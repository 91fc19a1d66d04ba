import type { EventEmitter } from 'node:events';
import type { RuntimeOptions } from './core/options';
import type {
  ActiveFault,
  BotAction,
  CallRecord,
  CallState,
  DeliverOptions,
  DeliveryRecord,
  EmulatorOptions,
  EmulatorStats,
  Fault,
  HttpResult,
  NotificationTokenClaims,
  PlaceCallOptions,
  PlacedCall,
  PolicyGroup,
  RecordedRequest,
  RequestFilter,
  ScenarioName,
  SignOptions,
  StateOrder,
} from './core/types';
import type { JsonObject } from './core/util';
import type { RosterEntry } from './notifications/payloads';

/** A running Graph + Azure AD emulator. Every capability is also on the control API (`/_emulator`). */
export interface Emulator {
  /**
   * `https://127.0.0.1:<port>` (or `options.externalUrl`): AAD, Graph, notification keys and the
   * control API all live here.
   */
  readonly url: string;
  /** The CA certificate to trust (NODE_EXTRA_CA_CERTS). */
  readonly caPath: string;
  /** AZURE_AUTHORITY_HOST for the service (= url). */
  readonly authorityHost: string;
  /** `${url}/${tenantId}`: the msal-node authority. */
  readonly authority: string;
  /** `host:port`, what msal-node needs in `knownAuthorities`. */
  readonly knownAuthority: string;
  /** GRAPH_BASE_URL: `${url}/v1.0`. */
  readonly graphBaseUrl: string;
  /** NOTIFICATION_OPENID_CONFIG_URL: the OpenID configuration of the notification signing keys. */
  readonly openIdConfigUrl: string;
  /** The JWKS behind openIdConfigUrl. */
  readonly jwksUri: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The options in force (runtime ones can change through configure()). */
  readonly options: Readonly<EmulatorOptions>;
  /** `call` (CallRecord), `decision` (BotAction, CallRecord), `terminated` (CallRecord). */
  readonly events: EventEmitter;

  /**
   * The environment a Switchboard service needs to use this emulator (docs/configuration.md):
   * NODE_EXTRA_CA_CERTS, AZURE_TENANT_ID/CLIENT_ID/CLIENT_SECRET, AZURE_AUTHORITY_HOST,
   * GRAPH_BASE_URL, NOTIFICATION_OPENID_CONFIG_URL, PUBLIC_BASE_URL (and NOTIFICATION_ISSUERS
   * only when notificationIssuer is not one of the global cloud's defaults).
   */
  serviceEnv(): Record<string, string>;
  /** Changes runtime options, e.g. `{ botBaseUrl }` once the service under test listens. */
  configure(changes: Partial<RuntimeOptions>): void;

  /** A notification token as Graph signs it; override claims or sign it wrongly on purpose. */
  signNotificationToken(
    claims?: Partial<NotificationTokenClaims>,
    opts?: SignOptions,
  ): Promise<string>;
  /** POSTs `body` to the bot's callback (signed unless `token` is null or given). */
  deliver(body: unknown, opts?: DeliverOptions): Promise<HttpResult>;

  /** Creates a call and posts its incoming notification; resolves once the bot has responded. */
  placeCall(scenario: ScenarioName, opts?: PlaceCallOptions): Promise<PlacedCall>;
  /** Resolves with the bot's accepted answer/reject/redirect, or kind `none` once the deadline passed. */
  waitForAction(callId: string, timeoutMs?: number): Promise<BotAction>;
  /** Resolves when the call has reached `state` (or a later one). */
  waitForState(callId: string, state: CallState, timeoutMs?: number): Promise<CallRecord>;
  getCall(callId: string): CallRecord | undefined;
  listCalls(): CallRecord[];
  /** Policy-recording groups: how each participant reached the bot and what it answered. */
  getGroup(groupId: string): PolicyGroup | undefined;
  waitForGroup(groupId: string, timeoutMs?: number): Promise<PolicyGroup>;
  /** Answered/rejected/redirected/missed counts and decision latency percentiles. */
  stats(callIds?: readonly string[]): EmulatorStats;
  /** Every Graph/AAD request received (bounded), oldest first. */
  requests(filter?: RequestFilter): RecordedRequest[];

  /** Lifecycle, for calls the bot answered. */
  establish(callId: string, order?: StateOrder): Promise<void>;
  hangUp(callId: string, resultInfo?: JsonObject): void;
  startContentSharing(callId: string): Promise<string>;
  stopContentSharing(callId: string, sessionId?: string): Promise<string>;
  updateRoster(
    callId: string,
    change?: { joined?: Array<Partial<RosterEntry>>; left?: string[] },
  ): Promise<DeliveryRecord>;
  participantLeft(callId: string, participantId: string): Promise<DeliveryRecord>;
  /** Posts arbitrary commsNotification items about a call, signed, to its callback. */
  notify(callId: string, values: JsonObject[]): Promise<DeliveryRecord>;

  readonly faults: {
    /** Returns the fault's id. */
    inject(fault: Fault): string;
    remove(id: string): boolean;
    clear(): void;
    list(): ActiveFault[];
  };

  /** A new current signing key; the old ones stay in the JWKS unless `dropPrevious`. */
  rotateKeys(opts?: { dropPrevious?: boolean }): Promise<{ kid: string; kids: string[] }>;
  /** Removes a (non-current) key from the JWKS. */
  dropKey(kid: string): boolean;
  readonly currentKid: string;

  /** Forgets calls, groups, recorded requests and faults (keys and options stay). */
  reset(): void;
  close(): Promise<void>;
}
