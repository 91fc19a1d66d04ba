import { Global, Module } from '@nestjs/common';
import { azureConfig, AzureConfigType, graphConfig, GraphConfigType } from '../config';
import { GraphCallsApi } from './calls-api.service';
import { GraphExchanges } from './graph-exchanges';
import { cloudEndpoints, graphBaseUrl } from './cloud.table';
import {
  GRAPH_CLOUD,
  GRAPH_HTTP_OPTIONS,
  GRAPH_TOKEN_SOURCE,
  MSAL_CLIENT,
} from './graph.constants';
import { GraphHttpClient, GraphHttpOptions } from './graph-http.client';
import { GraphTokenService } from './graph-token.service';
import { createMsalClient } from './msal-client.factory';

function httpOptions(azure: AzureConfigType, graph: GraphConfigType): GraphHttpOptions {
  return {
    baseUrl: graphBaseUrl(azure.cloud, graph.apiVersion, graph.baseUrl),
    requestTimeoutMs: graph.requestTimeoutMs,
    retry: { ...graph.retry },
    pool: { ...graph.pool },
  };
}

/** Talks to Azure AD and Graph; knows nothing about calls beyond the request bodies. */
@Global()
@Module({
  providers: [
    { provide: MSAL_CLIENT, inject: [azureConfig.KEY], useFactory: createMsalClient },
    {
      provide: GRAPH_CLOUD,
      inject: [azureConfig.KEY],
      useFactory: (a: AzureConfigType) => cloudEndpoints(a.cloud),
    },
    {
      provide: GRAPH_HTTP_OPTIONS,
      inject: [azureConfig.KEY, graphConfig.KEY],
      useFactory: httpOptions,
    },
    GraphTokenService,
    { provide: GRAPH_TOKEN_SOURCE, useExisting: GraphTokenService },
    GraphHttpClient,
    GraphCallsApi,
    GraphExchanges,
  ],
  exports: [GraphCallsApi, GraphExchanges, GraphTokenService, GRAPH_CLOUD],
})
export class GraphModule {}
