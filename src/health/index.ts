export { ReadinessService } from './readiness.service';
export type { ReadinessCheck, ReadinessReport } from './readiness.service';
export { InFlightTracker } from '../common/lifecycle/in-flight.tracker';
export { ShutdownService } from './shutdown.service';
export type { DrainCounts, DrainParticipant } from './shutdown.service';
