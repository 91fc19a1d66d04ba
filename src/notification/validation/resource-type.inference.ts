import {
  CALL_TYPE,
  CONTENT_SHARING_SESSION_TYPE,
  PARTICIPANT_JOINING_TYPE,
  PARTICIPANT_LEFT_TYPE,
  PARTICIPANT_TYPE,
} from '../dto/resource-types.constants';
import { parseResourcePath, type ResourceSegment } from '../routing/resource-path.parser';

type JsonObject = Record<string, unknown>;

const ODATA_TYPE = '@odata.type';
const COMMS_OPERATION_TYPE = '#microsoft.graph.commsOperation';

/** The `resourceData` type a resource path implies; none for paths that say nothing. */
const TYPE_BY_SEGMENT: Partial<Record<ResourceSegment, string>> = {
  call: CALL_TYPE,
  participants: PARTICIPANT_TYPE,
  operation: COMMS_OPERATION_TYPE,
  contentSharingSession: CONTENT_SHARING_SESSION_TYPE,
  participantJoining: PARTICIPANT_JOINING_TYPE,
  participantLeft: PARTICIPANT_LEFT_TYPE,
};

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isUntyped(value: JsonObject): boolean {
  const type = value[ODATA_TYPE];
  return type === undefined || type === null || type === '';
}

/** A copy of `entity` typed as `type` when it carries no type of its own; else `entity` itself. */
function typed(entity: unknown, type: string): unknown {
  if (!isObject(entity) || !isUntyped(entity)) return entity;
  return { ...entity, [ODATA_TYPE]: type };
}

/** Joining and left notifications describe a `call`, which is a call whatever it says. */
function withTypedCall(entity: unknown): unknown {
  if (!isObject(entity) || !isObject(entity.call) || !isUntyped(entity.call)) return entity;
  return { ...entity, call: typed(entity.call, CALL_TYPE) };
}

function inferItem(item: unknown): unknown {
  if (!isObject(item) || item.resourceData === undefined || item.resourceData === null) return item;
  const url = typeof item.resourceUrl === 'string' ? item.resourceUrl : item.resource;
  if (typeof url !== 'string') return item;
  const parsed = parseResourcePath(url);
  const type = parsed.ok && parsed.path ? TYPE_BY_SEGMENT[parsed.path.segment] : undefined;
  if (!type) return item;
  const data = item.resourceData;
  const resourceData = Array.isArray(data)
    ? data.map((entry) => typed(entry, type))
    : withTypedCall(typed(data, type));
  return { ...item, resourceData };
}

/**
 * Gives an untyped `resourceData` (no `@odata.type`, or an empty one) the type its resource path
 * implies: a call on `/communications/calls/{id}`, participants on `.../participants`, and so on.
 * Graph's own call: answer page prints its notifications with `"@odata.type": ""`, and payloads
 * captured from SDK logs or proxies lose the annotation; the path says what the data is, so such
 * a notification is routed rather than refused with 400 (an incoming call would go unanswered).
 * A type that is present is never changed, and a path that implies nothing leaves the data as it
 * is (accepted as an unknown resource). Returns the body itself, or a copy where something was
 * typed; runs after the body-shape precheck, so its depth is bounded.
 */
export function inferResourceTypes(body: unknown): unknown {
  if (!isObject(body) || !Array.isArray(body.value)) return body;
  const value = body.value.map(inferItem);
  return value.every((item, index) => item === (body.value as unknown[])[index])
    ? body
    : { ...body, value };
}
