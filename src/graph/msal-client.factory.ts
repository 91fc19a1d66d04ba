import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import {
  ConfidentialClientApplication,
  LogLevel,
  type AuthenticationResult,
  type ClientCredentialRequest,
  type NodeAuthOptions,
} from '@azure/msal-node';
import type { AzureConfigType } from '../config';
import { authorityHost } from './cloud.table';

/** The one msal method we use; a stub in tests. */
export interface MsalClient {
  acquireTokenByClientCredential(
    request: ClientCredentialRequest,
  ): Promise<AuthenticationResult | null>;
}

/** A client, or why there cannot be one (shown by the readiness check, never thrown at start-up). */
export type MsalClientProvision =
  | { readonly client: MsalClient; readonly reason?: undefined }
  | { readonly client: null; readonly reason: string };

type Credential = Pick<NodeAuthOptions, 'clientSecret' | 'clientCertificate'>;

function credentialFrom(azure: AzureConfigType): Credential | string {
  // A configured certificate wins over a secret: it is the stronger credential and an explicit opt-in.
  if (azure.certificateKeyFile) {
    try {
      // msal wants PKCS#8; accept the PKCS#1 ("RSA PRIVATE KEY") files openssl often writes too.
      const privateKey = createPrivateKey(readFileSync(azure.certificateKeyFile, 'utf8'))
        .export({ format: 'pem', type: 'pkcs8' })
        .toString();
      const thumbprintSha256 = (azure.certificateThumbprint ?? '').replace(/[^0-9a-f]/gi, '');
      return { clientCertificate: { thumbprintSha256, privateKey } };
    } catch (error) {
      return `cannot read azure.certificateKeyFile: ${(error as Error).message}`;
    }
  }
  if (azure.clientSecret) return { clientSecret: azure.clientSecret };
  return 'credentials missing: AZURE_CLIENT_SECRET (or azure.certificateKeyFile)';
}

const MSAL_LOGGER = new Logger('Msal');

/**
 * Warnings msal gives for every app-only token: client credentials never carry client_info (it
 * describes a signed-in user). Kept at debug, so that a real warning is not lost among them.
 */
const EXPECTED_WARNINGS: readonly string[] = ['No client info in response'];

function logMsal(level: LogLevel, message: string): void {
  if (level === LogLevel.Error) MSAL_LOGGER.error(message);
  else if (EXPECTED_WARNINGS.some((expected) => message.includes(expected)))
    MSAL_LOGGER.debug(message);
  else MSAL_LOGGER.warn(message);
}

/**
 * Builds the client-credentials client from `azure.*`. With `AZURE_AUTHORITY_HOST`, that host is
 * declared a known authority, or msal would ask the public cloud's instance discovery about it.
 */
export function createMsalClient(azure: AzureConfigType): MsalClientProvision {
  const missing = [
    !azure.tenantId && 'AZURE_TENANT_ID',
    !azure.clientId && 'AZURE_CLIENT_ID',
  ].filter((name): name is string => typeof name === 'string');
  if (missing.length > 0)
    return { client: null, reason: `credentials missing: ${missing.join(', ')}` };
  const credential = credentialFrom(azure);
  if (typeof credential === 'string') return { client: null, reason: credential };

  const host = authorityHost(azure.cloud, azure.authorityHost);
  try {
    const client = new ConfidentialClientApplication({
      auth: {
        clientId: azure.clientId!,
        authority: `${host}/${azure.tenantId}`,
        ...(azure.authorityHost ? { knownAuthorities: [new URL(host).host] } : {}),
        ...credential,
      },
      system: {
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: LogLevel.Warning,
          loggerCallback: logMsal,
        },
      },
    });
    return { client };
  } catch (error) {
    return { client: null, reason: `invalid Azure AD settings: ${(error as Error).message}` };
  }
}
