export { CALL_STORE } from './store.constants';
export type {
  CallStore,
  CreateOptions,
  DeliveryLookup,
  MarkerWrite,
  RepeatMarker,
  SeatClaim,
  UpdateOptions,
} from './call-store';
export { MemoryCallStore } from './memory-call.store';
export type { MemoryCallStoreOptions } from './memory-call.store';
// The Redis store is not re-exported as a value: importing it loads ioredis, which the embedded
// default never needs (StoreModule loads it when the driver is redis).
export type { RedisCallStore, RedisCallStoreOptions } from './redis-call.store';
export { StoreUnavailableError } from './store.errors';
export { CALL_STATES, DECISION_SOURCES, isSettled } from './call-record';
export type {
  CallError,
  CallOperation,
  CallerInfo,
  CallRecord,
  CallState,
  DecisionAction,
  DecisionOutcome,
  DecisionSource,
  PendingDecision,
  StoredDecisionRequest,
} from './call-record';
export {
  InvalidCursorError,
  type CallListFilters,
  type CallListQuery,
  type CallPage,
} from './call-list';
