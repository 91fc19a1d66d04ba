import { BadRequestException } from '@nestjs/common';
import type { NotificationConfigType } from '../config';
import type { NotificationBatchPipe } from './validation/notification-batch.pipe';
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

/** The message of the 400 the pipe answers to `body` (fails the test when it accepts it). */
export async function rejectionOf(sut: NotificationBatchPipe, body: unknown): Promise<string> {
  const error = await sut.transform(body).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BadRequestException);
  return (error as BadRequestException).message;
}
