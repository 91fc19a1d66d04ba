import { resolve } from 'node:path';
import type { JournalConfigType, StoreConfigType } from '../config';
import type { MetricsService } from '../metrics';
import { redisTargetOf } from '../store/redis-endpoint';
import { FileJournalWriter } from './file-journal.writer';
import type { JournalWriter } from './journal.writer';

/**
 * The journal beside the store: Redis Streams with `STORE_DRIVER=redis`, else files. The Redis
 * writer (and ioredis) is loaded only when it is the one used.
 */
export async function createJournalWriter(
  journal: JournalConfigType,
  store: StoreConfigType,
  metrics?: MetricsService,
): Promise<JournalWriter> {
  if (store.driver !== 'redis') {
    return new FileJournalWriter({
      dir: resolve(journal.dir),
      maxFileBytes: journal.maxFileBytes,
      maxFiles: journal.maxFiles,
    });
  }
  const { RedisJournalWriter } = await import('./redis-journal.writer');
  return new RedisJournalWriter({
    ...redisTargetOf(store),
    maxEntriesPerCall: journal.maxEntriesPerCall,
    retentionMs: journal.retentionMs,
    onRoundTrip: () => metrics?.storeRoundTrips.inc({ client: 'journal' }),
  });
}
