import { createPublicKey, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { importX509, jwtVerify, type KeyLike } from 'jose';
import type { EmulatorOptions } from '../core/types';
import { isObject, newId } from '../core/util';
import type { AccessTokenIssuer } from './access-tokens';

export interface AadContext {
  options(): EmulatorOptions;
  baseUrl(): string;
  issuer: AccessTokenIssuer;
}

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * Azure AD as msal-node sees it with `knownAuthorities: [host]`: the tenant's OpenID
 * configuration (whose issuer must share the authority's host, or msal refuses it), instance
 * discovery, the signing keys and the client-credentials token endpoint.
 */
export function registerAadRoutes(app: FastifyInstance, ctx: AadContext): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    },
  );

  /** AAD's refusal of a tenant other than ours (the error name depends on the endpoint). */
  const refuseUnknownTenant = (
    reply: FastifyReply,
    tenant: string,
    error: 'invalid_tenant' | 'invalid_request',
  ): FastifyReply | undefined =>
    tenant.toLowerCase() === ctx.options().tenantId.toLowerCase()
      ? undefined
      : aadError(reply, 400, error, 90002, `Tenant '${tenant}' not found.`);

  const openIdConfiguration = (v2: boolean): Record<string, unknown> => {
    const base = ctx.baseUrl();
    const t = ctx.options().tenantId;
    const suffix = v2 ? '/v2.0' : '';
    return {
      token_endpoint: `${base}/${t}/oauth2${suffix}/token`,
      token_endpoint_auth_methods_supported: [
        'client_secret_post',
        'private_key_jwt',
        'client_secret_basic',
      ],
      jwks_uri: `${base}/${t}/discovery${suffix}/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/${t}${suffix}`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${base}/${t}/openid/userinfo`,
      authorization_endpoint: `${base}/${t}/oauth2${suffix}/authorize`,
      device_authorization_endpoint: `${base}/${t}/oauth2${suffix}/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/${t}/oauth2${suffix}/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'appid', 'azp', 'roles'],
      kerberos_endpoint: `${base}/${t}/kerberos`,
      tenant_region_scope: 'NA',
      cloud_instance_name: new URL(base).host,
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    };
  };

  for (const v2 of [true, false]) {
    const path = v2
      ? '/:tenant/v2.0/.well-known/openid-configuration'
      : '/:tenant/.well-known/openid-configuration';
    app.get<{ Params: { tenant: string } }>(path, async (request, reply) => {
      const refused = refuseUnknownTenant(reply, request.params.tenant, 'invalid_tenant');
      if (refused) return refused;
      return openIdConfiguration(v2);
    });
  }

  app.get('/common/discovery/instance', async () => {
    const host = new URL(ctx.baseUrl()).host;
    return {
      tenant_discovery_endpoint: `${ctx.baseUrl()}/${ctx.options().tenantId}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    };
  });

  for (const path of ['/:tenant/discovery/v2.0/keys', '/:tenant/discovery/keys']) {
    app.get(path, async () => ({ keys: [ctx.issuer.jwk] }));
  }

  for (const path of ['/:tenant/oauth2/v2.0/token', '/:tenant/oauth2/token']) {
    app.post<{ Params: { tenant: string } }>(path, async (request, reply) => {
      const options = ctx.options();
      const form = isObject(request.body) ? (request.body as Record<string, string>) : {};
      const refused = refuseUnknownTenant(reply, request.params.tenant, 'invalid_request');
      if (refused) return refused;
      if (form.grant_type !== 'client_credentials') {
        return aadError(
          reply,
          400,
          'unsupported_grant_type',
          70003,
          'The app requested an unsupported grant type.',
        );
      }
      if (!form.client_id || form.client_id !== options.clientId) {
        return aadError(
          reply,
          400,
          'unauthorized_client',
          700016,
          `Application with identifier '${form.client_id ?? ''}' was not found in the directory.`,
        );
      }
      const credential = await checkCredential(
        form,
        options,
        `${ctx.baseUrl()}${request.url.split('?')[0]}`,
      );
      if (credential)
        return aadError(reply, 401, 'invalid_client', credential.code, credential.message);

      const scopes = (form.scope ?? '')
        .split(/\s+/)
        .filter((s) => s.length > 0 && !OIDC_SCOPES.has(s));
      const resource =
        scopes.length === 1 && scopes[0].endsWith('/.default')
          ? scopes[0].slice(0, -'/.default'.length).replace(/\/+$/, '')
          : null;
      if (!resource) {
        return aadError(
          reply,
          400,
          'invalid_scope',
          1002012,
          `The provided value for scope ${form.scope ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
        );
      }
      if (!options.graphResources.includes(resource)) {
        return aadError(
          reply,
          400,
          'invalid_resource',
          500011,
          `The resource principal named ${resource} was not found in the tenant.`,
        );
      }
      const lifetime = options.tokenLifetimeSeconds;
      const accessToken = await ctx.issuer.issue({
        tenantId: options.tenantId,
        clientId: options.clientId,
        resource,
        lifetimeSeconds: lifetime,
      });
      void reply.header('Cache-Control', 'no-store, no-cache').header('Pragma', 'no-cache');
      return {
        token_type: 'Bearer',
        expires_in: lifetime,
        ext_expires_in: lifetime,
        access_token: accessToken,
      };
    });
  }
}

async function checkCredential(
  form: Record<string, string>,
  options: EmulatorOptions,
  tokenEndpoint: string,
): Promise<{ code: number; message: string } | null> {
  if (form.client_secret !== undefined) {
    return safeEqual(form.client_secret, options.clientSecret)
      ? null
      : {
          code: 7000215,
          message:
            'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
        };
  }
  if (form.client_assertion !== undefined) {
    if (form.client_assertion_type !== JWT_BEARER) {
      return { code: 7000216, message: `'client_assertion_type' must be ${JWT_BEARER}.` };
    }
    if (!options.clientCertificatePem) {
      return {
        code: 700027,
        message:
          'Client assertion failed signature validation: no certificate is registered for the application.',
      };
    }
    try {
      const key = await certificateKey(options.clientCertificatePem);
      const { payload } = await jwtVerify(form.client_assertion, key, {
        audience: tokenEndpoint,
        issuer: options.clientId,
        subject: options.clientId,
        clockTolerance: 300,
      });
      if (payload.exp === undefined) throw new Error('exp missing');
      return null;
    } catch (error) {
      return {
        code: 700027,
        message: `Client assertion failed signature validation: ${(error as Error).message}`,
      };
    }
  }
  return {
    code: 7000218,
    message:
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  };
}

async function certificateKey(pem: string): Promise<KeyLike> {
  if (pem.includes('BEGIN CERTIFICATE')) return importX509(pem, 'RS256');
  return createPublicKey(pem);
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Azure AD's error body (what msal-node turns into a ServerError). */
export function aadError(
  reply: FastifyReply,
  status: number,
  error: string,
  code: number,
  description: string,
): FastifyReply {
  const traceId = newId();
  const correlationId = String(reply.request.headers['client-request-id'] ?? newId());
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return reply.status(status).send({
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}
