export { CALL_STORE } from './store.constants';
export type { CallStore, SeatClaim } from './call-store';
export type {
  CallError,
  CallOperation,
  CallRecord,
  CallState,
  DecisionAction,
  DecisionOutcome,
} from './call-record';
