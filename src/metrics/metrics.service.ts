import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export type CallKind = 'regular' | 'policyRecording';
export type DecisionAction = 'answer' | 'reject' | 'redirect';
export type DecisionOutcome = 'sent' | 'failed' | 'deadlineMissed';

/** The service's metrics (docs/operations.md), on a registry of its own (not prom-client's global one). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly decisions = new Counter({
    name: 'switchboard_decisions_total',
    help: 'Decisions on incoming calls, by action, kind of call and outcome.',
    labelNames: ['action', 'kind', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly decisionLatency = new Histogram({
    name: 'switchboard_decision_latency_seconds',
    help: 'From the incoming-call notification received to the decision accepted by Graph.',
    labelNames: ['kind'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 5, 8, 15],
    registers: [this.registry],
  });

  readonly notifications = new Counter({
    name: 'switchboard_notifications_total',
    help: 'Notifications received, by kind and result (handled, duplicate, unhandled, rejected).',
    labelNames: ['kind', 'result'] as const,
    registers: [this.registry],
  });

  readonly stageDuration = new Histogram({
    name: 'switchboard_answer_stage_seconds',
    help: 'Time spent in each stage of answering a call (authentication, decision, token, graphRequest).',
    labelNames: ['stage', 'kind'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly extensionFaults = new Counter({
    name: 'switchboard_extension_faults_total',
    help: "Faults of users' own modules, by module, extension point (decisionHandler, listener:<event>) and fault (failed, invalid, slow).",
    labelNames: ['extension', 'point', 'fault'] as const,
    registers: [this.registry],
  });

  /** Beside `decisions` (whose labels the contract fixes): who made each decision. */
  readonly decisionSources = new Counter({
    name: 'switchboard_decision_sources_total',
    help: 'Decisions on incoming calls by source (rule, handler, default, operator, fallback), action and outcome.',
    labelNames: ['source', 'action', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly decisionBudgetLeft = new Histogram({
    name: 'switchboard_decision_budget_left_seconds',
    help: 'Time left before the call deadline when its decision was sent to Graph.',
    labelNames: ['kind'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2, 3, 4, 5, 8, 10, 12, 15],
    registers: [this.registry],
  });

  readonly graphResponses = new Counter({
    name: 'switchboard_graph_responses_total',
    help: 'Graph requests about calls by action and status class (2xx, 4xx, 5xx; none: no response).',
    labelNames: ['action', 'status'] as const,
    registers: [this.registry],
  });

  readonly journalWriteFailures = new Counter({
    name: 'switchboard_journal_write_failures_total',
    help: 'Call journal entries that could not be written.',
    registers: [this.registry],
  });

  /**
   * Each awaited exchange with Redis (one command, or commands sent together and awaited as one),
   * by the client that made it: what a call's latency and Redis' load are made of.
   */
  readonly storeRoundTrips = new Counter({
    name: 'switchboard_store_round_trips_total',
    help: 'Awaited exchanges with Redis (a command, or a pipeline or script sent as one), by client (store, journal).',
    labelNames: ['client'] as const,
    registers: [this.registry],
  });

  readonly configReloads = new Counter({
    name: 'switchboard_config_reloads_total',
    help: 'Reloads of the rules and media profiles: ok (applied) or refused (invalid; the running config stays).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly shadowDecisions = new Counter({
    name: 'switchboard_shadow_decisions_total',
    help: 'Shadow rule decisions compared with the live ones: agree or disagree.',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
