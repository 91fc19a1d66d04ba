export { ReadinessService } from './readiness.service';
export type { ReadinessCheck, ReadinessReport } from './readiness.service';
export { InFlightTracker } from '../common/lifecycle/in-flight.tracker';
