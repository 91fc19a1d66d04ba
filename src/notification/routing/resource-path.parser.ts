import { RESOURCE_ID_PATTERN } from '../notification.constants';

/** What a `resourceUrl` below a call points at. */
export type ResourceSegment =
  | 'call'
  | 'participants'
  | 'operation'
  | 'contentSharingSession'
  | 'participantJoining'
  | 'participantLeft'
  | 'other';

export interface ResourcePath {
  /** As given (ids are compared case-insensitively by their consumers). */
  readonly callId: string;
  readonly segment: ResourceSegment;
  /** Operation, content sharing session or participant id after the call, when any. */
  readonly subResourceId: string | undefined;
}

export type ResourcePathResult =
  | { readonly ok: true; readonly path: ResourcePath | undefined }
  | { readonly ok: false; readonly problem: string };

// `/app/calls` is the deprecated beta form still seen in `resource`.
const CALL_PATH = /^\/(?:communications|app)\/calls\/([^/]*)(?:\/(.*))?$/i;

const ID_RULE = "must contain only letters, digits, '-' and '_' (at most 128)";

function withSubId(
  callId: string,
  segment: ResourceSegment,
  subResourceId: string | undefined,
): ResourcePathResult {
  if (subResourceId !== undefined && !RESOURCE_ID_PATTERN.test(subResourceId)) {
    return { ok: false, problem: `the id after /${segment}/ ${ID_RULE}` };
  }
  return { ok: true, path: { callId, segment, subResourceId } };
}

/**
 * Reads `/communications/calls/{id}[/participants|/operations/{id}|...]`. A path that is not
 * below a call is not an error (Graph may add resources: they are counted as unhandled); a call
 * path whose ids break the id rule is, since those ids would end up in Graph URLs.
 */
export function parseResourcePath(url: string): ResourcePathResult {
  const match = CALL_PATH.exec(url);
  if (!match) return { ok: true, path: undefined };
  const callId = match[1];
  if (!RESOURCE_ID_PATTERN.test(callId)) {
    return { ok: false, problem: callId ? `call id ${ID_RULE}` : 'call id is missing' };
  }
  const rest = (match[2] ?? '').replace(/\/+$/, '');
  if (rest === '') return { ok: true, path: { callId, segment: 'call', subResourceId: undefined } };
  const [head, sub, ...more] = rest.split('/');
  if (more.length > 0)
    return { ok: true, path: { callId, segment: 'other', subResourceId: undefined } };
  switch (head.toLowerCase()) {
    case 'participants':
      return withSubId(callId, 'participants', sub);
    case 'operations':
      return sub === undefined
        ? { ok: true, path: { callId, segment: 'other', subResourceId: undefined } }
        : withSubId(callId, 'operation', sub);
    case 'contentsharingsessions':
      return sub === undefined
        ? { ok: true, path: { callId, segment: 'other', subResourceId: undefined } }
        : withSubId(callId, 'contentSharingSession', sub);
    case 'participantjoiningnotification':
      return withSubId(callId, sub === undefined ? 'participantJoining' : 'other', undefined);
    case 'participantleftnotification':
      return withSubId(callId, sub === undefined ? 'participantLeft' : 'other', undefined);
    default:
      return { ok: true, path: { callId, segment: 'other', subResourceId: undefined } };
  }
}
