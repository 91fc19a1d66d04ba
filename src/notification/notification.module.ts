import { Module } from '@nestjs/common';
import { NotificationAuthGuard } from './auth/notification-auth.guard';
import { NotificationAuthHook } from './auth/notification-auth.hook';
import { NotificationKeysService } from './auth/notification-keys.service';
import { NotificationTokenVerifier } from './auth/notification-token.verifier';
import { NotificationController } from './notification.controller';
import { NotificationMetrics } from './notification.metrics';
import { NotificationRouter } from './notification.router';
import { NotificationService } from './notification.service';
import { TenantBinding } from './tenant/tenant-binding';
import { LegacyFormatHook } from './validation/legacy-format.hook';
import { NotificationBatchPipe } from './validation/notification-batch.pipe';

/**
 * `POST /api/calling`: authenticates, validates and routes Graph's notifications. It imports no
 * feature module; consumers import this module and register with the `NotificationRouter` in
 * their `onModuleInit`. Config, store, readiness and metrics come from global modules.
 */
@Module({
  controllers: [NotificationController],
  providers: [
    NotificationRouter,
    NotificationService,
    NotificationMetrics,
    NotificationKeysService,
    NotificationTokenVerifier,
    NotificationAuthHook,
    NotificationAuthGuard,
    NotificationBatchPipe,
    TenantBinding,
    LegacyFormatHook,
  ],
  exports: [NotificationRouter],
})
export class NotificationModule {}
