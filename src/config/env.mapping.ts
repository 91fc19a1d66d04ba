/** How an environment variable's string becomes a config value. */
export type EnvKind = 'string' | 'int' | 'csv';

export interface EnvBinding {
  readonly variable: string;
  /** Dotted path in the merged configuration. */
  readonly path: string;
  readonly kind: EnvKind;
}

/** The environment variables of docs/configuration.md, each bound to one config key. */
export const ENV_BINDINGS: readonly EnvBinding[] = [
  { variable: 'PORT', path: 'server.port', kind: 'int' },
  { variable: 'HOST', path: 'server.host', kind: 'string' },
  { variable: 'PUBLIC_BASE_URL', path: 'server.publicBaseUrl', kind: 'string' },
  { variable: 'AZURE_CLOUD', path: 'azure.cloud', kind: 'string' },
  { variable: 'AZURE_TENANT_ID', path: 'azure.tenantId', kind: 'string' },
  { variable: 'AZURE_CLIENT_ID', path: 'azure.clientId', kind: 'string' },
  { variable: 'AZURE_CLIENT_SECRET', path: 'azure.clientSecret', kind: 'string' },
  { variable: 'AZURE_AUTHORITY_HOST', path: 'azure.authorityHost', kind: 'string' },
  { variable: 'GRAPH_BASE_URL', path: 'graph.baseUrl', kind: 'string' },
  {
    variable: 'NOTIFICATION_OPENID_CONFIG_URL',
    path: 'notification.openIdConfigUrl',
    kind: 'string',
  },
  { variable: 'NOTIFICATION_ISSUERS', path: 'notification.issuers', kind: 'csv' },
  { variable: 'NOTIFICATION_ALLOWED_TENANTS', path: 'notification.allowedTenants', kind: 'csv' },
  { variable: 'STORE_DRIVER', path: 'store.driver', kind: 'string' },
  { variable: 'REDIS_URL', path: 'store.redisUrl', kind: 'string' },
  { variable: 'REDIS_CLUSTER_NODES', path: 'store.redisClusterNodes', kind: 'csv' },
  { variable: 'OPERATOR_API_KEYS', path: 'operator.apiKeys', kind: 'csv' },
  {
    variable: 'POLICY_RECORDING_PARTICIPANT_CAPACITY',
    path: 'policyRecording.participantCapacity',
    kind: 'int',
  },
  { variable: 'LOG_LEVEL', path: 'logging.level', kind: 'string' },
  { variable: 'LOG_FORMAT', path: 'logging.format', kind: 'string' },
  { variable: 'JOURNAL_DIR', path: 'journal.dir', kind: 'string' },
];

/** The variable that set a config path, so an error can name what the operator actually typed. */
export function variableForPath(path: string): string | undefined {
  return ENV_BINDINGS.find((b) => b.path === path)?.variable;
}

export function parseEnvValue(raw: string, kind: EnvKind): unknown {
  switch (kind) {
    case 'int':
      // A non-numeric value is passed on as the string so that validation names the key.
      return /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    case 'csv':
      return raw
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0);
    case 'string':
      return raw;
  }
}
