import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ReadinessService } from './readiness.service';

@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const report = await this.readiness.report();
    if (report.ready) {
      await reply.status(HttpStatus.OK).send({ status: 'ready', checks: report.checks });
      return;
    }
    const failing = Object.entries(report.checks)
      .filter(([, status]) => status !== 'ok')
      .map(([name, status]) => `${name}: ${status}`);
    await reply.status(HttpStatus.SERVICE_UNAVAILABLE).send({
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      error: 'Service Unavailable',
      message: `not ready: ${failing.join('; ')}`,
      status: report.draining ? 'draining' : 'unready',
      checks: report.checks,
    });
  }
}
