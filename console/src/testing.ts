import type { CallView } from './shell/types';

/** A call as the operator API shows it, with what a test overrides. */
export function callView(overrides: Partial<CallView> = {}): CallView {
  return {
    id: 'call-1',
    state: 'incoming',
    direction: 'incoming',
    tenantId: 't',
    caller: { kind: 'phone', id: '+15550100', displayName: 'Ada' },
    isPolicyRecording: false,
    policyIdentifier: null,
    receivedAt: '2026-12-04T10:00:00.000Z',
    deadlineAt: '2026-12-04T10:00:15.000Z',
    decision: null,
    decisionSource: null,
    decisionRule: null,
    fallbackReason: null,
    decidedAt: null,
    outcome: 'pending',
    error: null,
    timings: {},
    updatedAt: '2026-12-04T10:00:00.000Z',
    ...overrides,
  };
}
