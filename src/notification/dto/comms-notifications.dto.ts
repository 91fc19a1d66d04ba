import type { CommsNotifications } from '@microsoft/microsoft-graph-types';
import { Type } from 'class-transformer';
import { Equals, IsArray, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { CommsNotificationDto } from './comms-notification.dto';

/**
 * The body Graph posts to `/api/calling`. Strict values, open properties, like its items:
 * `value` must be an array of objects, and an `@odata.type`, when sent, must be this one.
 */
export class CommsNotificationsDto implements CommsNotifications {
  @IsOptional()
  @Equals('#microsoft.graph.commsNotifications')
  '@odata.type'?: '#microsoft.graph.commsNotifications';

  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CommsNotificationDto)
  value!: CommsNotificationDto[];
}
