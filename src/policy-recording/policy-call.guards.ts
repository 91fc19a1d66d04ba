import type { CallRecord, GraphObject } from '../calls';

const ENDED_STATES = new Set(['terminating', 'terminated']);

/**
 * Whether this call can take joining participants: a policy-recording call that Graph accepted
 * our answer for and that has not ended. Anything else is, for a join, an unknown call.
 */
export function handlesJoins(call: CallRecord | undefined): call is CallRecord {
  return (
    call !== undefined &&
    call.isPolicyRecording &&
    call.decision === 'answer' &&
    call.outcome === 'sent' &&
    !ENDED_STATES.has(call.state)
  );
}

const CALL_PATH = /^\/(?:communications|app)\/calls\/([A-Za-z0-9_-]+)(?:\/|$)/i;

/**
 * The call id in a notification's resource path, when the path names one. Read here rather than
 * taken from the routed notification, which falls back to the joining call's own id when the path
 * names none, and that id is not the call that handles the group.
 */
export function callIdInPath(notification: {
  resourceUrl?: string | null;
  resource?: string | null;
}): string | undefined {
  const path = notification.resourceUrl ?? notification.resource;
  return typeof path === 'string' ? CALL_PATH.exec(path)?.[1] : undefined;
}

export function stringOf(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export function asGraphObject(value: unknown): GraphObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as GraphObject)
    : undefined;
}
