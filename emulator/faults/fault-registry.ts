import type { ActiveFault, EndpointName, Fault, FaultTarget } from '../core/types';
import { ENDPOINTS, GRAPH_ENDPOINTS } from '../core/types';
import { newId } from '../core/util';

const GRAPH: ReadonlySet<EndpointName> = new Set(GRAPH_ENDPOINTS);

export function isGraphEndpoint(endpoint: EndpointName): boolean {
  return GRAPH.has(endpoint);
}

export function isFaultTarget(value: unknown): value is FaultTarget {
  return (
    value === '*' ||
    value === 'graph' ||
    (typeof value === 'string' && (ENDPOINTS as readonly string[]).includes(value))
  );
}

/** Validates a fault coming from the control API; returns the problems found. */
export function faultProblems(fault: Partial<Fault>): string[] {
  const problems: string[] = [];
  if (!isFaultTarget(fault.endpoint)) {
    problems.push(`endpoint: one of *, graph, ${ENDPOINTS.join(', ')}`);
  }
  if (
    fault.status !== undefined &&
    (!Number.isInteger(fault.status) || fault.status < 100 || fault.status > 599)
  ) {
    problems.push('status: an HTTP status code');
  }
  for (const key of ['retryAfterSeconds', 'latencyMs', 'times'] as const) {
    const value = fault[key];
    if (
      value !== undefined &&
      (typeof value !== 'number' || value < 0 || !Number.isFinite(value))
    ) {
      problems.push(`${key}: a non-negative number`);
    }
  }
  if (fault.status === undefined && !fault.drop && fault.latencyMs === undefined) {
    problems.push('a fault needs status, drop or latencyMs');
  }
  return problems;
}

/** Faults waiting to hit requests; each applies to its next `times` matching requests. */
export class FaultRegistry {
  private faults: ActiveFault[] = [];

  inject(fault: Fault): string {
    const problems = faultProblems(fault);
    if (problems.length > 0) throw new Error(`invalid fault: ${problems.join('; ')}`);
    const active: ActiveFault = { ...fault, id: newId(), applied: 0 };
    this.faults.push(active);
    return active.id;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return before !== this.faults.length;
  }

  clear(): void {
    this.faults = [];
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** The fault for this request, if any, counted as applied (and removed once used up). */
  take(endpoint: EndpointName, callId: string | null): ActiveFault | undefined {
    const fault = this.faults.find(
      (f) =>
        (f.endpoint === '*' ||
          f.endpoint === endpoint ||
          (f.endpoint === 'graph' && isGraphEndpoint(endpoint))) &&
        (f.callId === undefined ||
          (callId !== null && f.callId.toLowerCase() === callId.toLowerCase())),
    );
    if (!fault) return undefined;
    fault.applied += 1;
    if (fault.times !== undefined && fault.applied >= fault.times) {
      this.faults = this.faults.filter((f) => f !== fault);
    }
    return { ...fault };
  }
}
