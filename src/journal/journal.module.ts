import { resolve } from 'node:path';
import { Module } from '@nestjs/common';
import { CallsModule } from '../calls';
import { journalConfig, JournalConfigType, storeConfig, StoreConfigType } from '../config';
import { NotificationModule } from '../notification';
import { PolicyRecordingModule } from '../policy-recording';
import { CallJournal } from './call-journal.service';
import { FileJournalWriter } from './file-journal.writer';
import { JournalController } from './journal.controller';
import { JournalRecorder } from './journal.recorder';
import { JOURNAL_WRITER, type JournalWriter } from './journal.writer';
import { RedisJournalWriter } from './redis-journal.writer';

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
      inject: [journalConfig.KEY, storeConfig.KEY],
      useFactory: (journal: JournalConfigType, store: StoreConfigType): JournalWriter =>
        store.driver === 'redis'
          ? new RedisJournalWriter({
              url: store.redisUrl,
              keyPrefix: store.keyPrefix,
              maxEntriesPerCall: journal.maxEntriesPerCall,
              retentionMs: journal.retentionMs,
            })
          : new FileJournalWriter({
              dir: resolve(journal.dir),
              maxFileBytes: journal.maxFileBytes,
              maxFiles: journal.maxFiles,
            }),
    },
    CallJournal,
    JournalRecorder,
  ],
  exports: [CallJournal],
})
export class JournalModule {}
