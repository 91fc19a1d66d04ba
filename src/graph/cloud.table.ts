import type { AzureCloud } from '../config/schema/azure.schema';

/** Where one national cloud's Azure AD and Graph live, and who signs its calling notifications. */
export interface CloudEndpoints {
  readonly cloud: AzureCloud;
  /** Azure AD login host (the authority is `${loginHost}/${tenantId}`). */
  readonly loginHost: string;
  /** Graph root, without the version. */
  readonly graphHost: string;
  /** The Graph resource; tokens are requested for `${graphResource}/.default`. */
  readonly graphResource: string;
  /** Default accepted `iss` values of inbound notification tokens (`NOTIFICATION_ISSUERS` overrides). */
  readonly notificationIssuers: readonly string[];
}

/*
 * Hosts from Graph's national-cloud deployment table. Issuers: global is what Microsoft's own
 * samples accept. The government clouds add their own Graph host and Bot Framework's government
 * issuer, plus `https://api.botframework.com/` (trailing slash), which GCC High callbacks have been
 * seen to carry (microsoft-graph-comms-samples#865); the signature is still checked against the
 * configured keys, so accepting an observed issuer does not widen who can sign. China mirrors the
 * global pair on its own hosts (Graph offers no calling there today, but the table stays complete).
 */
const CLOUDS: Readonly<Record<AzureCloud, CloudEndpoints>> = {
  global: {
    cloud: 'global',
    loginHost: 'https://login.microsoftonline.com',
    graphHost: 'https://graph.microsoft.com',
    graphResource: 'https://graph.microsoft.com',
    notificationIssuers: ['https://graph.microsoft.com', 'https://api.botframework.com'],
  },
  usgov: {
    cloud: 'usgov',
    loginHost: 'https://login.microsoftonline.us',
    graphHost: 'https://graph.microsoft.us',
    graphResource: 'https://graph.microsoft.us',
    notificationIssuers: [
      'https://graph.microsoft.us',
      'https://api.botframework.us',
      'https://api.botframework.com/',
    ],
  },
  dod: {
    cloud: 'dod',
    loginHost: 'https://login.microsoftonline.us',
    graphHost: 'https://dod-graph.microsoft.us',
    graphResource: 'https://dod-graph.microsoft.us',
    notificationIssuers: [
      'https://dod-graph.microsoft.us',
      'https://api.botframework.us',
      'https://api.botframework.com/',
    ],
  },
  china: {
    cloud: 'china',
    loginHost: 'https://login.chinacloudapi.cn',
    graphHost: 'https://microsoftgraph.chinacloudapi.cn',
    graphResource: 'https://microsoftgraph.chinacloudapi.cn',
    notificationIssuers: [
      'https://microsoftgraph.chinacloudapi.cn',
      'https://api.botframework.azure.cn',
    ],
  },
};

export function cloudEndpoints(cloud: AzureCloud): CloudEndpoints {
  return CLOUDS[cloud];
}

/** The client-credentials scope: the cloud's resource, whatever `GRAPH_BASE_URL` points at. */
export function graphScope(cloud: AzureCloud): string {
  return `${CLOUDS[cloud].graphResource}/.default`;
}

/** `NOTIFICATION_ISSUERS` when set (non-empty), else the cloud's defaults. */
export function notificationIssuers(
  cloud: AzureCloud,
  configured: readonly string[] = [],
): readonly string[] {
  return configured.length > 0 ? configured : CLOUDS[cloud].notificationIssuers;
}

/** `AZURE_AUTHORITY_HOST` when set, else the cloud's login host; never with a trailing slash. */
export function authorityHost(cloud: AzureCloud, override?: string | null): string {
  return trimSlash(override ?? CLOUDS[cloud].loginHost);
}

/** `GRAPH_BASE_URL` when set, else `${graphHost}/${apiVersion}`; never with a trailing slash. */
export function graphBaseUrl(
  cloud: AzureCloud,
  apiVersion: string,
  override?: string | null,
): string {
  return trimSlash(override ?? `${CLOUDS[cloud].graphHost}/${apiVersion}`);
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
