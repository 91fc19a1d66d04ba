/** The Overview module's public surface: the module, and the shape `GET /api/overview` returns. */
export { OverviewModule } from './overview.module';
export type { DecisionCounts, Overview, OverviewMinute } from './overview';
