import type { Provider } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import pino from 'pino';
import { InFlightTracker } from '../common/lifecycle/in-flight.tracker';
import { CALL_STORE, type CallStore } from '../store';
import { CallEvents } from './call-events';
import { CallsService } from './calls.service';

/*
 * For the unit specs of the modules built on the Calls module (out of the build, like every
 * `*.testing.ts`, and so not on the public `index.ts`).
 */

/** The real `CallsService` and `CallEvents` over `store`, with a silent logger. */
export function callsProviders(store: CallStore): Provider[] {
  return [
    CallsService,
    CallEvents,
    InFlightTracker,
    { provide: CALL_STORE, useValue: store },
    { provide: PinoLogger, useValue: { logger: pino({ level: 'silent' }) } },
  ];
}
