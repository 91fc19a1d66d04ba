import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { CallEvents } from '../calls';
import { DomainError, DomainErrorCode } from '../common/errors/domain.error';
import { storeConfig, StoreConfigType } from '../config';
import { CallJournal } from '../journal';
import { MINUTE_MS, MinuteBuckets, RETAINED_MINUTES } from './minute-buckets';
import type { Overview } from './overview';
import { buildOverview, type InstanceMinutes } from './overview.merge';
import { parseMinutes, serializeMinutes } from './published-minutes';
import { RedisOverviewExchange, type PublishedEntry } from './redis-overview.exchange';

/** How often an instance with news publishes its minutes to Redis. */
export const PUBLISH_INTERVAL_MS = 5000;
/**
 * Published minutes outlive their instance for the whole window (plus the minute in progress): the
 * decisions of an instance that stopped or crashed still count for the minutes they were made in.
 */
const PUBLISHED_TTL_MS = (RETAINED_MINUTES + 1) * MINUTE_MS;

/**
 * The operator overview (docs/operations.md): this instance counts its decisions per minute in
 * memory from the call events (an O(1) increment after the decision, never in its path); with the
 * Redis store it publishes its last hour every few seconds when something changed, and an overview
 * merges every instance's minutes.
 */
@Injectable()
export class OverviewService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(OverviewService.name);
  private readonly minutes = new MinuteBuckets();
  /** This process among the instances (a restarted one is a new instance). */
  private readonly token = randomUUID();
  private readonly instance: string;
  private readonly exchange: RedisOverviewExchange | undefined;
  private timer: NodeJS.Timeout | undefined;
  private publishedVersion = 0;
  private publishing: Promise<void> | undefined;
  /** A failing Redis is logged once per outage, not every few seconds. */
  private publishFailing = false;

  constructor(
    private readonly events: CallEvents,
    journal: CallJournal,
    @Inject(storeConfig.KEY) store: StoreConfigType,
  ) {
    this.instance = journal.instance;
    this.exchange =
      store.driver === 'redis'
        ? new RedisOverviewExchange({
            url: store.redisUrl,
            clusterNodes: store.redisClusterNodes,
            keyPrefix: store.keyPrefix,
            commandTimeoutMs: store.commandTimeoutMs,
            ttlMs: PUBLISHED_TTL_MS,
          })
        : undefined;
  }

  onModuleInit(): void {
    this.events.on(
      'decided',
      ({ call, outcome }) => {
        if (outcome === 'pending') return;
        this.minutes.recordDecision(
          Date.now(),
          outcome,
          // As switchboard_decision_sources_total labels it.
          call.decisionSource ?? 'fallback',
          // Set only when Graph accepted the decision: switchboard_decision_latency_seconds' figure.
          outcome === 'sent' ? call.timings.total : undefined,
        );
      },
      { owner: 'overview' },
    );
    this.events.on(
      'lease',
      ({ change, owner, previousOwner }) => {
        // From another instance: not this one resuming its own decision after a half-failed delivery.
        if (change === 'takenOver' && previousOwner !== owner)
          this.minutes.recordTakeover(Date.now());
      },
      { owner: 'overview' },
    );
    if (this.exchange) {
      this.timer = setInterval(() => void this.publish(), PUBLISH_INTERVAL_MS);
      this.timer.unref();
    }
  }

  /** The last `minutes` minutes of every instance (this one's straight from memory). */
  async overview(minutes: number, now = Date.now()): Promise<Overview> {
    const own: InstanceMinutes = { instance: this.instance, buckets: this.minutes.recent(now) };
    return buildOverview([own, ...(await this.others(now))], now, minutes);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    if (!this.exchange) return;
    // The last counts go out, so the other instances keep this one's minutes.
    await this.publish();
    await this.exchange.close();
  }

  private async others(now: number): Promise<InstanceMinutes[]> {
    if (!this.exchange) return [];
    let entries: PublishedEntry[];
    try {
      entries = await this.exchange.readOthers(this.token, now);
    } catch (error) {
      this.logger.warn({ err: error }, 'overview: could not read the other instances from Redis');
      throw new DomainError(
        DomainErrorCode.NotReady,
        "the other instances' overview could not be read from the store",
      );
    }
    const seen = new Set([this.instance]);
    const others: InstanceMinutes[] = [];
    for (const entry of entries) {
      const parsed = parseMinutes(entry.json);
      if (!parsed) continue;
      // Two instances configured with one name stay apart.
      const instance = seen.has(parsed.instance)
        ? `${parsed.instance}#${entry.token.slice(0, 8)}`
        : parsed.instance;
      seen.add(instance);
      others.push({ instance, buckets: parsed.buckets });
    }
    return others.sort((a, b) => a.instance.localeCompare(b.instance));
  }

  /** Sends this instance's hour when it changed since the last success; one at a time. */
  private publish(): Promise<void> {
    this.publishing ??= this.publishNow().finally(() => (this.publishing = undefined));
    return this.publishing;
  }

  private async publishNow(): Promise<void> {
    const exchange = this.exchange;
    const version = this.minutes.version;
    if (!exchange || version === this.publishedVersion) return;
    const now = Date.now();
    try {
      await exchange.publish(
        this.token,
        serializeMinutes(this.instance, this.minutes.recent(now)),
        now,
      );
      this.publishedVersion = version;
      if (this.publishFailing) this.logger.log('overview: publishing to Redis again');
      this.publishFailing = false;
    } catch (error) {
      if (!this.publishFailing) {
        this.logger.warn({ err: error }, 'overview: could not publish this instance to Redis');
      }
      this.publishFailing = true;
    }
  }
}
