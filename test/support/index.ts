/**
 * Test support shared by every e2e spec (and by unit specs for the fixtures and signing keys):
 *
 * - `startStack()`: the Graph emulator and the real service on 127.0.0.1:0, wired together.
 * - `NotificationRecorder`: records every notification the service routes.
 * - `rawPost()`: a POST with full control over headers and bytes.
 * - `notificationFixtures()`, `withFreshCallIds()`: the shared notification examples.
 * - `TestKeyServer`: signing keys and a fake `fetch` for unit tests of token verification.
 * - `parseStrictJson()`: JSON.parse that refuses duplicate keys (log lines are checked with it).
 */
export { startStack, type StackOptions, type TestStack } from './stack';
export { NotificationRecorder } from './notification-recorder';
export { rawPost, type RawPostOptions, type RawResponse } from './http';
export {
  NOTIFICATION_FIXTURE_DIR,
  newCallId,
  notificationFixture,
  notificationFixtures,
  withFreshCallIds,
  type Json,
  type JsonObject,
} from './fixtures';
export { TEST_JWKS_URL, TEST_OPENID_CONFIG_URL, TestKeyServer } from './signing-keys';
export { parseStrictJson } from './strict-json';
