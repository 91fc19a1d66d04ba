import { resolve } from 'node:path';
import type { JournalConfigType, StoreConfigType } from '../config';
import type { MetricsService } from '../metrics';
import { FileJournalWriter } from './file-journal.writer';
import type { JournalWriter } from './journal.writer';
import { RedisJournalWriter } from './redis-journal.writer';

/** The journal beside the store: Redis Streams with `STORE_DRIVER=redis`, else files. */
export function createJournalWriter(
  journal: JournalConfigType,
  store: StoreConfigType,
  metrics?: MetricsService,
): JournalWriter {
  return store.driver === 'redis'
    ? new RedisJournalWriter({
        url: store.redisUrl,
        clusterNodes: store.redisClusterNodes,
        keyPrefix: store.keyPrefix,
        maxEntriesPerCall: journal.maxEntriesPerCall,
        retentionMs: journal.retentionMs,
        onRoundTrip: () => metrics?.storeRoundTrips.inc({ client: 'journal' }),
      })
    : new FileJournalWriter({
        dir: resolve(journal.dir),
        maxFileBytes: journal.maxFileBytes,
        maxFiles: journal.maxFiles,
      });
}
