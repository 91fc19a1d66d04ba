import type { NotificationConfigType } from '../config';
import { DEFAULT_BODY_LIMITS } from './validation/body-shape.precheck';
import { TEST_OPENID_CONFIG_URL } from '../../test/support/signing-keys';

/** Shared by this module's unit specs only. */

/** The notification settings of a test, with the keys served by `TestKeyServer`. */
export function notificationSettings(
  overrides: Partial<NotificationConfigType> = {},
): NotificationConfigType {
  return {
    openIdConfigUrl: TEST_OPENID_CONFIG_URL,
    issuers: [],
    allowedTenants: [],
    clockSkewSeconds: 300,
    jwksRefetchIntervalMs: 60_000,
    jwksRefreshIntervalMs: 7_200_000,
    jwksTimeoutMs: 2000,
    dedupeTtlMs: 60_000,
    limits: { ...DEFAULT_BODY_LIMITS },
    ...overrides,
  };
}
