import { Module } from '@nestjs/common';
import { CallsModule } from '../calls';
import { JournalModule } from '../journal';
import { OverviewController } from './overview.controller';
import { OverviewService } from './overview.service';

/**
 * The operator overview (docs/operations.md): decisions per minute, merged over the instances,
 * at `GET /api/overview` behind the operator keys.
 */
@Module({
  imports: [CallsModule, JournalModule],
  controllers: [OverviewController],
  providers: [OverviewService],
})
export class OverviewModule {}
