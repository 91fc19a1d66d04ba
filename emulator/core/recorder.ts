import type { RecordedRequest, RequestFilter } from './types';
import { isGraphEndpoint } from '../faults/fault-registry';
import { RingBuffer } from './util';

const SECRET_FIELDS = ['client_secret', 'client_assertion'];

/** Every Graph/AAD request received, newest last, bounded. */
export class RequestRecorder {
  private buffer: RingBuffer<RecordedRequest>;
  private nextId = 1;

  constructor(capacity: number) {
    this.buffer = new RingBuffer(capacity);
  }

  record(entry: Omit<RecordedRequest, 'id'>): RecordedRequest {
    const recorded: RecordedRequest = {
      ...entry,
      id: this.nextId++,
      body: maskSecrets(entry.body),
    };
    this.buffer.push(recorded);
    return recorded;
  }

  list(filter: RequestFilter = {}): RecordedRequest[] {
    return this.buffer
      .toArray()
      .filter(
        (r) =>
          (filter.endpoint === undefined ||
            r.endpoint === filter.endpoint ||
            (filter.endpoint === 'graph' && isGraphEndpoint(r.endpoint))) &&
          (filter.callId === undefined ||
            r.callId?.toLowerCase() === filter.callId.toLowerCase()) &&
          (filter.afterId === undefined || r.id > filter.afterId),
      );
  }

  clear(): void {
    this.buffer.clear();
  }
}

function maskSecrets(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const field of SECRET_FIELDS) {
    if (field in copy) copy[field] = '***';
  }
  return copy;
}
