export { MetricsService } from './metrics.service';
export type { CallKind, DecisionAction, DecisionOutcome } from './metrics.service';
