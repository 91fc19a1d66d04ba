import { Test } from '@nestjs/testing';
import { AZURE_CLOUDS } from '../config/schema/azure.schema';
import {
  authorityHost,
  cloudEndpoints as sut,
  graphBaseUrl,
  graphScope,
  notificationIssuers,
} from './cloud.table';
import { GRAPH_CLOUD } from './graph.constants';

describe('cloud table', () => {
  it.each([
    ['global', 'https://login.microsoftonline.com', 'https://graph.microsoft.com'],
    ['usgov', 'https://login.microsoftonline.us', 'https://graph.microsoft.us'],
    ['dod', 'https://login.microsoftonline.us', 'https://dod-graph.microsoft.us'],
    ['china', 'https://login.chinacloudapi.cn', 'https://microsoftgraph.chinacloudapi.cn'],
  ] as const)('%s: login %s, Graph %s', (cloud, login, graph) => {
    expect(sut(cloud)).toMatchObject({ cloud, loginHost: login, graphHost: graph });
    expect(graphScope(cloud)).toBe(`${graph}/.default`);
  });

  it('has https hosts and at least one notification issuer for every cloud', () => {
    for (const cloud of AZURE_CLOUDS) {
      const endpoints = sut(cloud);
      for (const url of [endpoints.loginHost, endpoints.graphHost, endpoints.graphResource]) {
        expect(new URL(url).protocol).toBe('https:');
      }
      expect(endpoints.notificationIssuers.length).toBeGreaterThan(0);
    }
  });

  it('accepts the global issuers of the contract by default', () => {
    expect(notificationIssuers('global')).toEqual([
      'https://graph.microsoft.com',
      'https://api.botframework.com',
    ]);
  });

  it('lets NOTIFICATION_ISSUERS replace the defaults', () => {
    expect(notificationIssuers('global', ['https://issuer.test'])).toEqual(['https://issuer.test']);
    expect(notificationIssuers('usgov', [])).toEqual(sut('usgov').notificationIssuers);
  });

  it('keeps the scope on the cloud resource whatever GRAPH_BASE_URL says', () => {
    expect(graphBaseUrl('global', 'v1.0', 'https://127.0.0.1:8443/v1.0/')).toBe(
      'https://127.0.0.1:8443/v1.0',
    );
    expect(graphScope('global')).toBe('https://graph.microsoft.com/.default');
  });

  it('builds the Graph base URL from the cloud and version when not overridden', () => {
    expect(graphBaseUrl('usgov', 'beta', null)).toBe('https://graph.microsoft.us/beta');
  });

  it('lets AZURE_AUTHORITY_HOST replace the login host', () => {
    expect(authorityHost('global', 'https://127.0.0.1:8443/')).toBe('https://127.0.0.1:8443');
    expect(authorityHost('china', undefined)).toBe('https://login.chinacloudapi.cn');
  });

  it('is provided as GRAPH_CLOUD for the configured cloud', async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [{ provide: GRAPH_CLOUD, useFactory: () => sut('dod') }],
    }).compile();
    expect(moduleRef.get(GRAPH_CLOUD)).toBe(sut('dod'));
  });
});
