import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  callbackUri,
  notificationConfig,
  NotificationConfigType,
  serverConfig,
  ServerConfigType,
} from '../config';
import { bindToRequestLog } from '../common/logging/logging.module';
import { CALL_STORE, CallStore, type RepeatMarker } from '../store';
import { CommsNotificationDto } from './dto/comms-notification.dto';
import { CommsNotificationsDto } from './dto/comms-notifications.dto';
import { NotificationMetrics } from './notification.metrics';
import { NotificationRouter } from './notification.router';
import { PendingMarker } from './pending-marker';
import type {
  DeliveryContext,
  ParticipantJoiningResponse,
  RoutedNotification,
} from './routed-notification';
import { classifyNotification } from './routing/notification.classifier';
import { TenantBinding } from './tenant/tenant-binding';
import { findDeviations } from './validation/deviation.inspector';

function hasEtag(resourceData: unknown): boolean {
  return (
    typeof resourceData === 'object' &&
    resourceData !== null &&
    typeof (resourceData as Record<string, unknown>)['@odata.etag'] === 'string'
  );
}

/**
 * The key a repeated delivery is recognised by, or undefined for one never dropped as a repeat:
 * the change type, the resource path (ids compared case-insensitively) and Graph's etag of the
 * resource, else a hash of the resource as delivered. A joining notification is never dropped:
 * Graph waits for its response, and the seat accounting behind it is idempotent
 * (docs/policy-recording.md). A state change without an etag is not either:
 * `established → hold → established` repeats the same content legitimately, and the state machine
 * ignores true repeats anyway. An incoming call's repeat is recognised by the store's create too.
 * Kept with the call the notification names (`RepeatMarker`), so that the call's own store step
 * may write it.
 */
function repeatMarkerOf(notification: RoutedNotification): RepeatMarker | undefined {
  if (notification.kind === 'participantJoining') return undefined;
  const item = notification.notification;
  const etagged = hasEtag(item.resourceData);
  if (notification.kind === 'callUpdated' && !etagged) return undefined;
  const resource = (item.resourceUrl ?? item.resource ?? '').toLowerCase();
  const version = etagged
    ? (item.resourceData as Record<string, string>)['@odata.etag']
    : createHash('sha1')
        .update(JSON.stringify(item.resourceData ?? null))
        .digest('base64url');
  const key = `notification:${item.changeType}|${resource}|${version}`;
  return notification.callId === undefined ? { key } : { callId: notification.callId, key };
}

/**
 * What happens to a validated delivery: each item is classified, repeats are dropped, and the
 * rest go to their handlers in order. Answers the `participantJoiningResponse` when there is one.
 */
@Injectable()
export class NotificationService {
  private readonly logger = new Logger(NotificationService.name);
  private readonly ownCallback: string | undefined;

  constructor(
    private readonly router: NotificationRouter,
    private readonly metrics: NotificationMetrics,
    private readonly tenants: TenantBinding,
    @Inject(CALL_STORE) private readonly store: CallStore,
    @Inject(notificationConfig.KEY) private readonly config: NotificationConfigType,
    @Inject(serverConfig.KEY) server: ServerConfigType,
  ) {
    this.ownCallback = server.publicBaseUrl ? callbackUri(server) : undefined;
  }

  /**
   * Routes a whole, already validated, batch; each item's repeat marker is written only once the
   * item was handled (by its handler's last store step, or here after the handlers), so a
   * delivery refused half-way (503) is processed anew. Resolves to the
   * joining response when the batch held a participantJoiningNotification (the first one's, if
   * several), else undefined.
   */
  async receive(
    batch: CommsNotificationsDto,
    context: DeliveryContext,
  ): Promise<ParticipantJoiningResponse | undefined> {
    const routed = batch.value.map((item, index) => this.toRouted(item, index, context));
    const callIds = [...new Set(routed.flatMap((n) => (n.callId ? [n.callId] : [])))];
    // The request's own log line is about these calls too.
    if (callIds.length === 1) bindToRequestLog({ callId: callIds[0] });
    else if (callIds.length > 1) bindToRequestLog({ callIds });
    // The tenant check's reads and the repeat check in one store step (one Redis round trip).
    const asked = routed.flatMap((n) => (n.repeatMarker ? [n.repeatMarker.marker] : []));
    const lookup = await this.store.lookUpDelivery(
      this.tenants.callIdsToCheck(routed, context.tenantId),
      asked,
    );
    this.tenants.check(routed, context.tenantId, lookup.calls);
    const seen = routed.map(
      (n) => n.repeatMarker !== undefined && lookup.seen[asked.indexOf(n.repeatMarker.marker)],
    );
    let joining: ParticipantJoiningResponse | undefined;
    for (const [position, notification] of routed.entries()) {
      this.router.received(notification, seen[position] === true);
      if (seen[position]) {
        this.metrics.count(notification.kind, 'duplicate');
        this.logger.debug(
          { callId: notification.callId, kind: notification.kind, requestId: context.requestId },
          'duplicate notification dropped',
        );
        continue;
      }
      // A store failure propagates (503) with no marker written: the redelivery is processed anew.
      const outcome = await this.router.dispatch(notification);
      // Unless a handler's store step took the marker (and wrote it with its own write).
      const left = notification.repeatMarker?.take();
      if (left) await this.store.markSeen(left.marker, left.ttlMs);
      const result = notification.kind === 'unhandled' ? 'unhandled' : outcome.result;
      this.metrics.count(notification.kind, result);
      if (notification.kind === 'participantJoining' && joining === undefined) {
        joining = outcome.response ?? this.fallbackJoiningResponse(notification);
      }
    }
    return joining;
  }

  private toRouted(
    item: CommsNotificationDto,
    index: number,
    context: DeliveryContext,
  ): RoutedNotification {
    const { kind, callId, subResourceId, callChainId } = classifyNotification(item);
    const notification: RoutedNotification = {
      kind,
      callId,
      subResourceId,
      changeType: item.changeType,
      scenarioId: context.chainId ?? callChainId,
      index,
      notification: item,
      context,
    };
    this.report(notification, `value[${index}]`);
    const marker = repeatMarkerOf(notification);
    if (marker === undefined) return notification;
    const ttlMs = this.config.dedupeTtlMs;
    return { ...notification, repeatMarker: new PendingMarker({ marker, ttlMs }) };
  }

  /** Logs and counts what Graph sent that this code does not know; never refuses it. */
  private report(notification: RoutedNotification, path: string): void {
    const deviations = findDeviations(notification.notification, path);
    if (deviations.length === 0) return;
    for (const deviation of deviations) this.metrics.deviation(deviation);
    const unknown = deviations.filter((d) => d.kind !== 'extraProperty');
    const fields = {
      callId: notification.callId,
      kind: notification.kind,
      requestId: notification.context.requestId,
    };
    if (unknown.length > 0) {
      this.logger.warn(
        { ...fields, unknown: unknown.map((d) => `${d.path}=${d.value ?? ''}`) },
        'notification holds types or values this service does not know; accepted',
      );
    }
    const extra = deviations.filter((d) => d.kind === 'extraProperty');
    if (extra.length > 0) {
      this.logger.debug({ ...fields, properties: extra.map((d) => d.path) }, 'new properties');
    }
  }

  /**
   * No handler answered (none registered, or they failed): invite a new bot at our own callback,
   * so that the participant comes back as a new incoming call rather than being refused.
   */
  private fallbackJoiningResponse(notification: RoutedNotification): ParticipantJoiningResponse {
    if (this.ownCallback) {
      return {
        '@odata.type': '#microsoft.graph.inviteNewBotResponse',
        inviteUri: this.ownCallback,
      };
    }
    this.logger.warn(
      { callId: notification.callId, requestId: notification.context.requestId },
      'server.publicBaseUrl is not set: cannot invite a new bot, rejecting the join',
    );
    return { '@odata.type': '#microsoft.graph.rejectJoinResponse', reason: 'busy' };
  }
}
