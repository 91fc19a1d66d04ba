import { Module } from '@nestjs/common';
import { CallsModule } from '../calls';
import { MediaModule } from '../media';
import { RulesReloader } from './rules-reloader.service';

/** Rule changes on a live service: reload on file change and SIGHUP (docs/rules.md). */
@Module({
  imports: [CallsModule, MediaModule],
  providers: [RulesReloader],
  exports: [RulesReloader],
})
export class RulesModule {}
