import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { AccessTokenIssuer } from './aad/access-tokens';
import { registerAadRoutes } from './aad/routes';
import type { Emulator } from './api';
import { registerControlRoutes } from './control/routes';
import { EmulatorEngine } from './core/engine';
import {
  certificateHostOf,
  externalOrigin,
  RUNTIME_OPTIONS,
  resolveOptions,
  type RuntimeOptions,
} from './core/options';
import { generateRsaKey, loadOrCreateRsaKey } from './core/persisted-key';
import { RequestRecorder } from './core/recorder';
import type {
  CallState,
  DeliverOptions,
  EmulatorOptions,
  Fault,
  NotificationTokenClaims,
  PlaceCallOptions,
  RequestFilter,
  ScenarioName,
  SignOptions,
  StateOrder,
} from './core/types';
import type { JsonObject } from './core/util';
import { FaultRegistry } from './faults/fault-registry';
import { registerGraphRoutes } from './graph/routes';
import { NotificationKeyRing } from './notifications/key-ring';
import type { RosterEntry } from './notifications/payloads';
import {
  NOTIFICATION_JWKS_PATH,
  NOTIFICATION_OPENID_PATH,
  registerNotificationKeyRoutes,
} from './notifications/routes';
import { buildServer } from './server';
import { ensureCertificates } from './tls/certificates';

const GLOBAL_NOTIFICATION_ISSUERS = ['https://graph.microsoft.com', 'https://api.botframework.com'];

export class GraphEmulator implements Emulator {
  readonly faults: Emulator['faults'];
  private baseUrl = '';

  private constructor(
    private opts: EmulatorOptions,
    readonly caPath: string,
    private readonly app: FastifyInstance,
    private readonly engine: EmulatorEngine,
    private readonly keyRing: NotificationKeyRing,
    private readonly recorder: RequestRecorder,
    private readonly faultRegistry: FaultRegistry,
  ) {
    this.faults = {
      inject: (fault: Fault) => faultRegistry.inject(fault),
      remove: (id: string) => faultRegistry.remove(id),
      clear: () => faultRegistry.clear(),
      list: () => faultRegistry.list(),
    };
  }

  static async start(partial: Partial<EmulatorOptions> = {}): Promise<GraphEmulator> {
    const options = resolveOptions(partial);
    const externalUrl =
      options.externalUrl === undefined ? undefined : externalOrigin(options.externalUrl);
    const tls = ensureCertificates(options.certDir, {
      hosts: [
        ...(options.certHosts ?? []),
        ...(externalUrl ? [certificateHostOf(externalUrl)] : []),
      ],
    });
    const keyDir = options.keyDir;
    const aadKey = keyDir ? loadOrCreateRsaKey(join(keyDir, 'aad-signing.pem')) : generateRsaKey();
    const notificationKey = keyDir
      ? loadOrCreateRsaKey(join(keyDir, 'notification-signing.pem'))
      : generateRsaKey();
    const issuer = await AccessTokenIssuer.create(aadKey);
    const keyRing = await NotificationKeyRing.create(notificationKey);
    const recorder = new RequestRecorder(options.maxRecordedRequests);
    const faults = new FaultRegistry();
    // The engine reads options through this object, so configure() reaches it.
    const live = externalUrl ? { ...options, externalUrl } : { ...options };
    const engine = new EmulatorEngine(live, keyRing);
    const app = buildServer({ tls, engine, recorder, faults });
    const emulator = new GraphEmulator(live, tls.caPath, app, engine, keyRing, recorder, faults);
    const ctx = { options: () => live, baseUrl: () => emulator.url };
    registerAadRoutes(app, { ...ctx, issuer });
    registerNotificationKeyRoutes(app, {
      baseUrl: ctx.baseUrl,
      issuer: () => live.notificationIssuer,
      keys: keyRing,
    });
    registerGraphRoutes(app, { ...ctx, issuer, engine });
    registerControlRoutes(app, emulator);
    await app.listen({ port: options.port, host: options.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
    emulator.baseUrl = externalUrl ?? `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
    live.port = port;
    return emulator;
  }

  get url(): string {
    return this.baseUrl;
  }
  get authorityHost(): string {
    return this.baseUrl;
  }
  get authority(): string {
    return `${this.baseUrl}/${this.opts.tenantId}`;
  }
  get knownAuthority(): string {
    return new URL(this.baseUrl).host;
  }
  get graphBaseUrl(): string {
    return `${this.baseUrl}/v1.0`;
  }
  get openIdConfigUrl(): string {
    return `${this.baseUrl}${NOTIFICATION_OPENID_PATH}`;
  }
  get jwksUri(): string {
    return `${this.baseUrl}${NOTIFICATION_JWKS_PATH}`;
  }
  get tenantId(): string {
    return this.opts.tenantId;
  }
  get clientId(): string {
    return this.opts.clientId;
  }
  get clientSecret(): string {
    return this.opts.clientSecret;
  }
  get options(): Readonly<EmulatorOptions> {
    return this.opts;
  }
  get events(): EmulatorEngine {
    return this.engine;
  }
  get currentKid(): string {
    return this.keyRing.currentKid;
  }

  serviceEnv(): Record<string, string> {
    return {
      NODE_EXTRA_CA_CERTS: this.caPath,
      AZURE_TENANT_ID: this.tenantId,
      AZURE_CLIENT_ID: this.clientId,
      AZURE_CLIENT_SECRET: this.clientSecret,
      AZURE_AUTHORITY_HOST: this.authorityHost,
      GRAPH_BASE_URL: this.graphBaseUrl,
      NOTIFICATION_OPENID_CONFIG_URL: this.openIdConfigUrl,
      // The global cloud's default issuers already include ours; only an unusual one needs saying.
      ...(GLOBAL_NOTIFICATION_ISSUERS.includes(this.opts.notificationIssuer)
        ? {}
        : { NOTIFICATION_ISSUERS: this.opts.notificationIssuer }),
      PUBLIC_BASE_URL: this.opts.publicBaseUrl,
    };
  }

  configure(changes: Partial<RuntimeOptions>): void {
    for (const key of Object.keys(changes)) {
      if (!(RUNTIME_OPTIONS as readonly string[]).includes(key)) {
        throw new Error(`option ${key} cannot be changed while running`);
      }
    }
    const next = resolveOptions(changes, this.opts);
    // Mutated in place: the engine and routes hold this same object.
    Object.assign(this.opts, next);
  }

  signNotificationToken(
    claims: Partial<NotificationTokenClaims> = {},
    opts: SignOptions = {},
  ): Promise<string> {
    return this.keyRing.sign(
      {
        iss: this.opts.notificationIssuer,
        aud: this.opts.clientId,
        tid: this.opts.tenantId,
        ...claims,
      },
      opts,
    );
  }

  deliver(body: unknown, opts?: DeliverOptions): ReturnType<Emulator['deliver']> {
    return this.engine.deliver(body, opts);
  }

  placeCall(scenario: ScenarioName, opts?: PlaceCallOptions): ReturnType<Emulator['placeCall']> {
    return this.engine.placeCall(scenario, opts);
  }

  waitForAction(callId: string, timeoutMs?: number): ReturnType<Emulator['waitForAction']> {
    return this.engine.waitForAction(callId, timeoutMs);
  }

  waitForState(
    callId: string,
    state: CallState,
    timeoutMs?: number,
  ): ReturnType<Emulator['waitForState']> {
    return this.engine.waitForState(callId, state, timeoutMs);
  }

  getCall(callId: string): ReturnType<Emulator['getCall']> {
    return this.engine.getCall(callId);
  }

  listCalls(): ReturnType<Emulator['listCalls']> {
    return this.engine.listCalls();
  }

  getGroup(groupId: string): ReturnType<Emulator['getGroup']> {
    return this.engine.getGroup(groupId);
  }

  waitForGroup(groupId: string, timeoutMs?: number): ReturnType<Emulator['waitForGroup']> {
    return this.engine.waitForGroup(groupId, timeoutMs);
  }

  stats(callIds?: readonly string[]): ReturnType<Emulator['stats']> {
    return this.engine.stats(callIds);
  }

  requests(filter?: RequestFilter): ReturnType<Emulator['requests']> {
    return this.recorder.list(filter);
  }

  establish(callId: string, order?: StateOrder): Promise<void> {
    return this.engine.establish(callId, order);
  }

  hangUp(callId: string, resultInfo?: JsonObject): void {
    this.engine.hangUp(callId, resultInfo);
  }

  startContentSharing(callId: string): Promise<string> {
    return this.engine.startContentSharing(callId);
  }

  stopContentSharing(callId: string, sessionId?: string): Promise<string> {
    return this.engine.stopContentSharing(callId, sessionId);
  }

  updateRoster(
    callId: string,
    change?: { joined?: Array<Partial<RosterEntry>>; left?: string[] },
  ): ReturnType<Emulator['updateRoster']> {
    return this.engine.updateRoster(callId, change);
  }

  participantLeft(callId: string, participantId: string): ReturnType<Emulator['participantLeft']> {
    return this.engine.participantLeft(callId, participantId);
  }

  notify(callId: string, values: JsonObject[]): ReturnType<Emulator['notify']> {
    return this.engine.notify(callId, values);
  }

  async rotateKeys(
    opts: { dropPrevious?: boolean } = {},
  ): Promise<{ kid: string; kids: string[] }> {
    const kid = await this.keyRing.rotate(opts.dropPrevious ?? false);
    return { kid, kids: this.keyRing.kids };
  }

  dropKey(kid: string): boolean {
    return this.keyRing.drop(kid);
  }

  reset(): void {
    this.engine.reset();
    this.recorder.clear();
    this.faultRegistry.clear();
  }

  async close(): Promise<void> {
    this.engine.close();
    await this.app.close();
  }
}
