import { Module } from '@nestjs/common';
import { CallsModule } from '../calls';
import { journalConfig, storeConfig } from '../config';
import { MetricsService } from '../metrics';
import { NotificationModule } from '../notification';
import { PolicyRecordingModule } from '../policy-recording';
import { CallJournal } from './call-journal.service';
import { createJournalWriter } from './journal-writer.factory';
import { JournalController } from './journal.controller';
import { JournalRecorder } from './journal.recorder';
import { JOURNAL_WRITER } from './journal.writer';

/**
 * The call journal (docs/journal.md): a flight recorder per call, kept beside the store (files
 * for the embedded store, Redis Streams with Redis), read through `GET /api/calls/{id}/journal`.
 */
@Module({
  imports: [CallsModule, NotificationModule, PolicyRecordingModule],
  controllers: [JournalController],
  providers: [
    {
      provide: JOURNAL_WRITER,
      inject: [journalConfig.KEY, storeConfig.KEY, MetricsService],
      useFactory: createJournalWriter,
    },
    CallJournal,
    JournalRecorder,
  ],
  exports: [CallJournal],
})
export class JournalModule {}
