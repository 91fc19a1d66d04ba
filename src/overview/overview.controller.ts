import { Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { OperatorApiController } from '../calls';
import { DEFAULT_OVERVIEW_MINUTES, OverviewQuery } from './dto/overview.query';
import { OverviewView } from './dto/overview.view';
import { OverviewService } from './overview.service';

/** `GET /api/overview`: decisions per minute across the deployment (docs/operations.md). */
@OperatorApiController('api/overview')
export class OverviewController {
  constructor(private readonly overview: OverviewService) {}

  @Get()
  @ApiOperation({
    summary:
      'Decisions per minute by outcome and source, decision latency p50/p99, deadline misses and ' +
      'takeovers, merged over every instance, for the last `minutes` minutes.',
  })
  @ApiOkResponse({ type: OverviewView })
  @ApiBadRequestResponse({ description: '`minutes` is not an integer from 1 to 60.' })
  get(@Query() query: OverviewQuery): Promise<OverviewView> {
    const minutes = query.minutes === undefined ? DEFAULT_OVERVIEW_MINUTES : Number(query.minutes);
    return this.overview.overview(minutes);
  }
}
