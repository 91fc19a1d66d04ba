import { NOT_COMPLIANCE_RECORDING } from '../graph/errors';
import { validatePlayPrompt, validateRecordingStatus } from '../graph/validation';
import * as payloads from '../notifications/payloads';
import type { CallEntry } from './entries';
import {
  graphFailure,
  type GraphReply,
  type GraphRequestMeta,
  operationReply,
} from './graph-replies';
import type { NotificationDelivery } from './notification-delivery';
import type { Scheduler } from './scheduler';
import type { EmulatorOptions } from './types';
import { isObject, newId } from './util';

/** Graph operations on an answered call: recording status (compliance) and prompts. */
export class CallOperations {
  constructor(
    private readonly options: EmulatorOptions,
    private readonly scheduler: Scheduler,
    private readonly delivery: NotificationDelivery,
  ) {}

  updateRecordingStatus(entry: CallEntry, body: unknown, meta: GraphRequestMeta): GraphReply {
    const problems = validateRecordingStatus(body);
    if (problems.length > 0) return graphFailure(400, 'BadRequest', problems.join('; '), meta);
    if (!entry.record.isPolicyRecording) {
      const e = NOT_COMPLIANCE_RECORDING;
      return graphFailure(e.status, e.code, e.message, meta);
    }
    if (entry.record.outcome !== 'answered') {
      return graphFailure(400, 'BadRequest', 'The call has not been answered.', meta);
    }
    const { clientContext, status } = body as { clientContext: string; status: string };
    entry.record.recordingStatus = status;
    const op = { id: newId(), kind: 'updateRecordingStatus', status: 'completed', clientContext };
    entry.record.operations.push(op);
    return operationReply(
      meta,
      entry.record.id,
      '#microsoft.graph.updateRecordingStatusOperation',
      op,
    );
  }

  /** Answers `running` at once, as Graph does, and reports completion by notification later. */
  playPrompt(entry: CallEntry, body: unknown, meta: GraphRequestMeta): GraphReply {
    const problems = validatePlayPrompt(body);
    if (problems.length > 0) return graphFailure(400, 'BadRequest', problems.join('; '), meta);
    if (entry.record.outcome !== 'answered') {
      return graphFailure(400, 'BadRequest', 'The call has not been answered.', meta);
    }
    if (entry.record.mediaConfigType !== 'serviceHosted') {
      return graphFailure(
        400,
        'BadRequest',
        'playPrompt is only supported for service-hosted media.',
        meta,
      );
    }
    const clientContext =
      isObject(body) && typeof body.clientContext === 'string' ? body.clientContext : null;
    const op = { id: newId(), kind: 'playPrompt', status: 'running', clientContext };
    entry.record.operations.push(op);
    this.scheduler.schedule(this.options.promptDurationMs, () => {
      if (entry.record.state === 'terminated') return;
      op.status = 'completed';
      const note = payloads.operationCompleted(entry.record.id, {
        id: op.id,
        type: '#microsoft.graph.playPromptOperation',
        clientContext,
      });
      void this.delivery.send(entry, 'operationCompleted', payloads.envelope([note]), entry.target);
    });
    return operationReply(meta, entry.record.id, '#microsoft.graph.playPromptOperation', op);
  }
}
