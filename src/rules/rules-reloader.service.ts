import { watch, type FSWatcher } from 'node:fs';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  compileRuleSet,
  ConfiguredActionsValidator,
  DecisionService,
  LiveRules,
  type RuleSet,
} from '../calls';
import {
  ConfigFileError,
  ConfigValidationError,
  loadAppConfig,
  readAppConfig,
  sourceFromEnv,
  type AppConfig,
} from '../config';
import { MediaProfiles } from '../media';
import { MetricsService } from '../metrics';

export type ReloadResult = 'applied' | 'unchanged' | 'refused';

/** Editors write a file in several steps; one reload after the last of them. */
const DEBOUNCE_MS = 200;

/** The sections a reload applies; everything else needs a restart. */
function reloadable(config: AppConfig): string {
  const { rules, shadowRules, defaultAction, fallback } = config.answer;
  return JSON.stringify([rules, shadowRules, defaultAction, fallback, config.media]);
}

/**
 * Rules and media profiles reload on a live service (docs/rules.md): when a YAML file of
 * `CONFIG_DIR` changes, and on SIGHUP. The new configuration is validated in full (schema, then
 * every action turned into its Graph request against the new media profiles) before anything
 * changes; an invalid one is refused with one log line and `switchboard_config_reloads_total
 * {result="refused"}`, and the running rules stay. A decision in progress keeps the rule set it
 * started with (`LiveRules`).
 */
@Injectable()
export class RulesReloader implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RulesReloader.name);
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private applied: string | undefined;
  private readonly onSignal = (): void => void this.reload('SIGHUP');

  constructor(
    private readonly live: LiveRules,
    private readonly decisions: DecisionService,
    private readonly validator: ConfiguredActionsValidator,
    private readonly profiles: MediaProfiles,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    this.applied = reloadable(loadAppConfig());
    // A deployment edits its own CONFIG_DIR; without one, the built-in folder (and its local.yaml).
    const source = sourceFromEnv();
    const configDir = source.overlayDir ?? source.configDir;
    try {
      this.watcher = watch(configDir, (_event, file) => {
        if (file === null || /\.ya?ml$/i.test(file)) this.schedule();
      });
      this.watcher.on('error', (error) =>
        this.logger.warn(
          { err: error, configDir },
          'config folder no longer watched; SIGHUP still reloads',
        ),
      );
    } catch (error) {
      this.logger.warn(
        { err: error, configDir },
        'config folder not watched; SIGHUP still reloads',
      );
    }
    process.on('SIGHUP', this.onSignal);
  }

  onApplicationShutdown(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
    process.off('SIGHUP', this.onSignal);
  }

  /** Reads, validates and (when valid and different) applies the rules and media profiles. */
  reload(trigger: string): ReloadResult {
    let config: AppConfig;
    try {
      config = readAppConfig();
    } catch (error) {
      if (error instanceof ConfigValidationError) return this.refuse(trigger, [...error.problems]);
      if (error instanceof ConfigFileError) return this.refuse(trigger, [error.message]);
      throw error;
    }
    const next = reloadable(config);
    if (next === this.applied) return 'unchanged';

    const candidate = compileRuleSet(config.answer, this.live.current.version + 1);
    // Synchronous from here to the end: no decision can see the new profiles with the old rules.
    const previous = this.profiles.swap(config.media);
    const problems = [...this.profiles.problems(), ...this.validator.problems(candidate)];
    if (problems.length > 0) {
      this.profiles.swap(previous);
      return this.refuse(trigger, problems);
    }
    this.install(candidate);
    this.applied = next;
    this.metrics.configReloads.inc({ result: 'ok' });
    this.logger.log(
      {
        trigger,
        version: candidate.version,
        rules: candidate.rules.length,
        shadowRules: candidate.shadowRules.length,
        mediaProfiles: this.profiles.names().length,
      },
      'rules and media profiles reloaded',
    );
    return 'applied';
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.reload('file change'), DEBOUNCE_MS);
    this.timer.unref();
  }

  private install(set: RuleSet): void {
    this.decisions.requests.markConfigured(
      this.decisions.configuredActions(set).map((a) => a.action),
    );
    this.live.replace(set);
  }

  private refuse(trigger: string, problems: string[]): ReloadResult {
    this.metrics.configReloads.inc({ result: 'refused' });
    this.logger.error(
      { trigger, problems },
      `configuration reload refused; the running rules stay: ${problems.join('; ')}`,
    );
    return 'refused';
  }
}
