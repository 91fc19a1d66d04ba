import type { FastifyInstance } from 'fastify';
import type { NotificationKeyRing } from './key-ring';

/** Paths mirroring https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration and its jwks_uri. */
export const NOTIFICATION_OPENID_PATH = '/v1/.well-known/OpenIdConfiguration';
export const NOTIFICATION_JWKS_PATH = '/v1/keys';

export function registerNotificationKeyRoutes(
  app: FastifyInstance,
  ctx: { baseUrl(): string; issuer(): string; keys: NotificationKeyRing },
): void {
  app.get(NOTIFICATION_OPENID_PATH, async () => ({
    issuer: ctx.issuer(),
    authorization_endpoint: `${ctx.baseUrl()}/v1/authorize-not-supported`,
    jwks_uri: `${ctx.baseUrl()}${NOTIFICATION_JWKS_PATH}`,
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
  }));
  app.get(NOTIFICATION_JWKS_PATH, async () => ctx.keys.jwks());
}
