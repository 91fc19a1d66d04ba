import { Injectable, Logger } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '../../common/errors/domain.error';
import type { CallRecord } from '../../store';
import { CallDto } from '../dto/call.dto';
import {
  ParticipantJoiningNotificationDto,
  ParticipantLeftNotificationDto,
} from '../dto/participant-joining-notification.dto';
import { NotificationMetrics } from '../notification.metrics';
import type { RoutedNotification } from '../routed-notification';

function sameTenant(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The `tenantId` a notification's own body claims for its call, if any. */
function claimedTenantOf(notification: RoutedNotification): unknown {
  const data = notification.notification.resourceData;
  if (data instanceof CallDto) return data.tenantId;
  if (data instanceof ParticipantJoiningNotificationDto) return data.call.tenantId;
  if (data instanceof ParticipantLeftNotificationDto) return data.call?.tenantId;
  return undefined;
}

/**
 * A call belongs to the tenant whose verified token (`tid`) created it (docs/hostile-input.md):
 * a validly signed notification from another allowed tenant must not change it. The body's own
 * `tenantId` is Graph's description of the call, not proof of anything: when it disagrees with
 * the token it is logged and counted, and the token's `tid` is what the rules see.
 */
@Injectable()
export class TenantBinding {
  private readonly logger = new Logger(TenantBinding.name);

  constructor(private readonly metrics: NotificationMetrics) {}

  /**
   * The calls whose records `check` needs (each once), read by the caller in the same step as
   * the delivery's repeat markers: none when the token carries no `tid`.
   */
  callIdsToCheck(
    batch: readonly RoutedNotification[],
    tokenTenantId: string | undefined,
  ): string[] {
    if (tokenTenantId === undefined) return [];
    const callIds = new Map<string, string>();
    for (const { callId } of batch) if (callId) callIds.set(callId.toLowerCase(), callId);
    return [...callIds.values()];
  }

  /**
   * Throws a `TenantMismatch` domain error (403) when any notification of the delivery is about a
   * known call that another tenant created; nothing of the delivery is acted on then. `calls`:
   * the stored records of `callIdsToCheck`.
   */
  check(
    batch: readonly RoutedNotification[],
    tokenTenantId: string | undefined,
    calls: readonly (CallRecord | undefined)[],
  ): void {
    if (tokenTenantId === undefined) return;
    this.reportBodyClaims(batch, tokenTenantId);
    const foreign = calls.find(
      (call) => call?.notificationTenantId && !sameTenant(call.notificationTenantId, tokenTenantId),
    );
    if (!foreign) return;
    this.metrics.tenantMismatch('token');
    this.metrics.count('batch', 'forbidden');
    this.logger.warn(
      { callId: foreign.id, tenantId: tokenTenantId, callTenantId: foreign.notificationTenantId },
      'notification from another tenant about a known call refused',
    );
    throw new DomainError(
      DomainErrorCode.TenantMismatch,
      'the notification is about a call of another tenant',
    );
  }

  private reportBodyClaims(batch: readonly RoutedNotification[], tokenTenantId: string): void {
    for (const notification of batch) {
      const claimed = claimedTenantOf(notification);
      if (typeof claimed !== 'string' || claimed === '' || sameTenant(claimed, tokenTenantId)) {
        continue;
      }
      this.metrics.tenantMismatch('body');
      this.logger.warn(
        {
          callId: notification.callId,
          tenantId: tokenTenantId,
          bodyTenantId: claimed.slice(0, 64),
          requestId: notification.context.requestId,
        },
        "resourceData.tenantId differs from the token's tid: the token's is used",
      );
    }
  }
}
