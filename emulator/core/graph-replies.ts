import { CALL_NOT_FOUND, graphError } from '../graph/errors';

/** What a Graph route gets back from the engine. */
export interface GraphReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface GraphRequestMeta {
  clientRequestId: string | null;
  scenarioId: string | null;
  /** Base of the Graph version the request used, for Location headers. */
  versionBaseUrl: string;
}

export function graphFailure(
  status: number,
  code: string,
  message: string,
  meta: GraphRequestMeta,
): GraphReply {
  return { status, body: graphError(code, message, meta.clientRequestId) };
}

/** Graph's answer for unknown calls and for calls that have ended. */
export function callNotFound(meta: GraphRequestMeta): GraphReply {
  return graphFailure(CALL_NOT_FOUND.status, CALL_NOT_FOUND.code, CALL_NOT_FOUND.message, meta);
}

/** An operation Graph started on a call: 200 with the operation, and where to find it. */
export function operationReply(
  meta: GraphRequestMeta,
  callId: string,
  odataType: string,
  op: { id: string; status: string; clientContext: string | null },
): GraphReply {
  return {
    status: 200,
    headers: {
      Location: `${meta.versionBaseUrl}/communications/calls/${callId}/operations/${op.id}`,
    },
    body: {
      '@odata.type': odataType,
      id: op.id,
      clientContext: op.clientContext,
      status: op.status,
      resultInfo: null,
    },
  };
}
