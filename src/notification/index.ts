/** The Notification module's public surface: other modules import from here only. */
export { NotificationModule } from './notification.module';
export {
  NotificationRouter,
  type DispatchOutcome,
  type DispatchResult,
  type NotificationObserver,
} from './notification.router';
export { PendingMarker } from './pending-marker';
export { NOTIFICATION_PATH } from './notification.constants';
export type {
  DeliveryContext,
  NotificationHandler,
  NotificationKind,
  ParticipantJoiningResponse,
  RoutedNotification,
} from './routed-notification';
export type { NotificationResult } from './notification.metrics';

export { CommsNotificationsDto } from './dto/comms-notifications.dto';
export {
  CommsNotificationDto,
  type KnownResourceData,
  type ResourceData,
} from './dto/comms-notification.dto';
export { CallDto } from './dto/call.dto';
export { ParticipantDto, MediaStreamDto } from './dto/participant.dto';
export {
  ParticipantJoiningNotificationDto,
  ParticipantLeftNotificationDto,
} from './dto/participant-joining-notification.dto';
export { CommsOperationDto, ContentSharingSessionDto } from './dto/comms-operation.dto';
export { UnknownResourceDto } from './dto/unknown-resource.dto';
export { ParticipantInfoDto, InvitationParticipantInfoDto } from './dto/participant-info.dto';
export { IdentityDto, IdentitySetDto } from './dto/identity-set.dto';
export {
  CallRouteDto,
  ChatInfoDto,
  IncomingContextDto,
  MeetingInfoDto,
  ResultInfoDto,
} from './dto/call-context.dto';
export { ApplicationMetadataDto, BotDataDto } from './dto/application-metadata.dto';
export type { OpenEnum } from './dto/graph-enum.decorator';
export * from './dto/graph-enums.constants';
export * from './dto/resource-types.constants';
