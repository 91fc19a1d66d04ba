import { Injectable, Module } from '@nestjs/common';
import {
  CALL_DECISION_HANDLER,
  OnSwitchboardEvent,
  SwitchboardEventsModule,
  type CallDecision,
  type CallDecisionContext,
  type CallDecisionHandler,
} from '../../src';

/** What the test handler does next, and what it saw. */
export const decisionHandlerControl = {
  mode: 'none' as 'none' | 'hang' | 'decide' | 'throw' | 'invalid' | 'unknownProfile',
  /** Whether the listeners of `FaultyListenersModule` throw and hang. */
  faultyListeners: false,
  decision: undefined as CallDecision | undefined,
  /** Why the signal of each hanging call was aborted, by call id. */
  abortReasons: new Map<string, unknown>(),
  callerKinds: [] as string[],
};

/** A user's own decision handler, as the README tells users to write one. */
@Injectable()
class TestDecisionHandler implements CallDecisionHandler {
  decide({ call, incoming, signal }: CallDecisionContext): Promise<CallDecision | undefined> {
    const control = decisionHandlerControl;
    control.callerKinds.push(incoming.facts.caller.kind);
    signal.addEventListener('abort', () => control.abortReasons.set(call.id, signal.reason), {
      once: true,
    });
    switch (control.mode) {
      case 'hang':
        // Ignores its signal on purpose: the deadline must hold even for a handler that never ends.
        return new Promise<never>(() => undefined);
      case 'decide':
        return Promise.resolve(control.decision);
      case 'throw':
        return Promise.reject(new Error('the CRM is down'));
      case 'invalid':
        return Promise.resolve({ type: 'reject', reason: 'nope' } as unknown as CallDecision);
      case 'unknownProfile':
        return Promise.resolve({ type: 'answer', mediaProfile: 'no-such-profile' });
      case 'none':
        return Promise.resolve(undefined);
    }
  }
}

/** Provides `CALL_DECISION_HANDLER` from a module of its own: nothing of ours imports it. */
@Module({ providers: [{ provide: CALL_DECISION_HANDLER, useClass: TestDecisionHandler }] })
export class TestDecisionHandlerModule {}

/** A user's listeners gone wrong: one throws, one never finishes. */
@Injectable()
class FaultyListeners {
  @OnSwitchboardEvent('received')
  onReceived(): void {
    if (decisionHandlerControl.faultyListeners) throw new Error('the CRM is down');
  }

  @OnSwitchboardEvent('decided')
  onDecided(): Promise<void> | undefined {
    if (decisionHandlerControl.faultyListeners) return new Promise<void>(() => undefined);
    return undefined;
  }
}

@Module({ imports: [SwitchboardEventsModule], providers: [FaultyListeners] })
export class FaultyListenersModule {}
