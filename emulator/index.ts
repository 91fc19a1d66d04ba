/**
 * The local Graph emulator: Azure AD (client credentials), signed calling notifications and the
 * Graph calling surface over HTTPS, for tests, `npm start`, `npm run simulate` and the benchmark.
 *
 * ```ts
 * const emulator = await startEmulator({ deadlines: { regularMs: 15000, policyRecordingMs: 300 } });
 * // start the service with emulator.serviceEnv(), then:
 * emulator.configure({ botBaseUrl: 'http://127.0.0.1:3000' });
 * const call = await emulator.placeCall('policy-recording');
 * const action = await emulator.waitForAction(call.callId); // { kind: 'answer', latencyMs, ... }
 * await emulator.close();
 * ```
 *
 * Jest already trusts the emulator's CA (scripts/run-tests.mjs sets NODE_EXTRA_CA_CERTS); other
 * processes get it from `emulator.caPath`.
 */
import type { Emulator } from './api';
import type { EmulatorOptions } from './core/types';
import { GraphEmulator } from './emulator';

export type { Emulator } from './api';
export type { RuntimeOptions } from './core/options';
export type {
  ActionKind,
  ActiveFault,
  BotAction,
  CallerOverride,
  CallOutcome,
  CallRecord,
  CallRequest,
  CallState,
  DeliverOptions,
  DeliveryRecord,
  EmulatorOptions,
  EmulatorStats,
  EndpointName,
  Fault,
  FaultTarget,
  GroupParticipant,
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
export { ENDPOINTS, SCENARIOS, isScenarioName } from './core/types';
export {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_OPTIONS,
  DEFAULT_PUBLIC_BASE_URL,
  DEFAULT_TENANT_ID,
  GRAPH_RESOURCES,
} from './core/options';
export { ensureCertificates } from './tls/certificates';
export { DEFAULT_CERT_DIR } from './paths';
export { EmulatorClient } from './control/client';
export {
  replayScenario,
  scenarioFromJournal,
  type ReplayNotification,
  type ReplayOptions,
  type ReplayScenario,
} from './scenarios/replay';

/**
 * Starts an emulator (HTTPS on `options.port`, 0 = a free port) and resolves once it listens.
 * Defaults: loopback, fixed fake tenant/client/secret, 15 s / 5 s deadlines, signing keys kept in
 * `.emulator/keys` (pass `keyDir: null` for throw-away keys), bot at http://127.0.0.1:3000.
 */
export function startEmulator(options: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  return GraphEmulator.start(options);
}
