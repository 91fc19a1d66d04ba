import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '../metrics';
import type { NotificationKind } from './routed-notification';
import type { Deviation } from './validation/deviation.inspector';

/**
 * `result` of `switchboard_notifications_total`: per notification `handled`, `unhandled` (no
 * handler, or a type we do not know), `duplicate`, `failed` (a handler threw); per refused
 * delivery (`kind="batch"`) `unauthenticated` (401), `forbidden` (403: another tenant's call),
 * `rejected` (400, 413, 415) or `legacy` (204: the pre-Graph format, resent by Graph).
 */
export type NotificationResult =
  | 'handled'
  | 'unhandled'
  | 'duplicate'
  | 'failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'rejected'
  | 'legacy';

@Injectable()
export class NotificationMetrics {
  private readonly deviations: Counter<'kind' | 'on'>;
  private readonly tenantMismatches: Counter<'where'>;

  constructor(private readonly metrics: MetricsService) {
    this.deviations = new Counter({
      name: 'switchboard_notification_deviations_total',
      help: 'Tolerated surprises in notifications: unknown resource types, unknown enum values, new properties.',
      labelNames: ['kind', 'on'] as const,
      registers: [metrics.registry],
    });
    this.tenantMismatches = new Counter({
      name: 'switchboard_notification_tenant_mismatches_total',
      help: "Tenant disagreements: where=token, a notification refused (403) about another tenant's call; where=body, a resourceData.tenantId that differs from the token's tid (ignored).",
      labelNames: ['where'] as const,
      registers: [metrics.registry],
    });
  }

  count(kind: NotificationKind | 'batch', result: NotificationResult): void {
    this.metrics.notifications.inc({ kind, result });
  }

  tenantMismatch(where: 'token' | 'body'): void {
    this.tenantMismatches.inc({ where });
  }

  deviation(deviation: Deviation): void {
    this.deviations.inc({ kind: deviation.kind, on: deviation.on });
  }
}
