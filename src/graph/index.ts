/** The Graph module's public surface: other modules import from here only. */
export { GraphModule } from './graph.module';
export { GraphCallsApi, type GraphCallOptions, type GraphResult } from './calls-api.service';
export { GraphTokenService } from './graph-token.service';
export { GraphExchanges, type GraphExchange, type GraphExchangeObserver } from './graph-exchanges';
export {
  authorityHost,
  cloudEndpoints,
  graphBaseUrl,
  graphScope,
  notificationIssuers,
  type CloudEndpoints,
} from './cloud.table';
export { GRAPH_CLOUD, GRAPH_TOKEN_READINESS_CHECK } from './graph.constants';
export {
  GRAPH_LOCAL_ERROR_CODES,
  GraphRequestError,
  type GraphErrorRecord,
  type GraphLocalErrorCode,
  type GraphTimings,
} from './graph-request.error';
export { explainGraphError, explainResultInfo, type ResultInfoLike } from './explanations/explain';
export type { GraphErrorExplanation, GraphErrorFacts } from './explanations/explanation.types';
export type { GraphRequestOptions } from './graph-http.types';
export * from './dto';
