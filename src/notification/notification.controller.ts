import { Controller, Post, Res, UseGuards } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Delivery } from './auth/delivery.decorator';
import { NotificationAuthGuard } from './auth/notification-auth.guard';
import { CommsNotificationsDto } from './dto/comms-notifications.dto';
import { NOTIFICATION_PATH, NOTIFICATION_ROUTE_FLAG } from './notification.constants';
import { NotificationService } from './notification.service';
import type { DeliveryContext } from './routed-notification';
import { NotificationBatch } from './validation/notification-batch.decorator';

/** `POST /api/calling`: the only door Graph knocks on. Graph's, not the operators': kept out of OpenAPI. */
@ApiExcludeController()
@Controller()
export class NotificationController {
  constructor(private readonly notifications: NotificationService) {}

  /**
   * 202 with an empty body once the batch is routed; 200 with the `participantJoiningResponse`
   * when the batch held a joining notification. The reply is sent here because the status depends
   * on the content, which `@HttpCode` cannot express.
   */
  @Post(NOTIFICATION_PATH)
  @RouteConfig({ [NOTIFICATION_ROUTE_FLAG]: true })
  @UseGuards(NotificationAuthGuard)
  async receive(
    @NotificationBatch() batch: CommsNotificationsDto,
    @Delivery() delivery: DeliveryContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const joining = await this.notifications.receive(batch, delivery);
    if (joining) {
      await reply.code(200).send(joining);
    } else {
      await reply.code(202).send();
    }
  }
}
