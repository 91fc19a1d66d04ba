import { Inject, Injectable } from '@nestjs/common';
import { errors, jwtVerify, type JWTPayload, type JWTVerifyOptions, type KeyLike } from 'jose';
import {
  azureConfig,
  AzureConfigType,
  notificationConfig,
  NotificationConfigType,
} from '../../config';
import { notificationIssuers } from '../../graph';
import { NotificationKeysService, SigningKeysUnavailableError } from './notification-keys.service';
import { VerifiedTokenCache } from './verified-token.cache';

export type TokenVerdict =
  | { readonly ok: true; readonly tenantId: string }
  | { readonly ok: false; readonly reason: string };

/** Distinct tokens remembered as verified; Graph uses few at a time, so this is plenty. */
const VERIFIED_TOKENS_KEPT = 1024;

const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/-]+=*)[ \t]*$/i;

/** A short reason for the 401 body and the log; never anything from the token itself. */
function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return error.reason === 'missing'
      ? `${error.claim} claim missing`
      : `${error.claim} claim rejected`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed (RS256 only)';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof errors.JWKSNoMatchingKey) return 'unknown signing key';
  if (error instanceof SigningKeysUnavailableError) return 'signing keys not available';
  if (error instanceof errors.JOSEError) return 'malformed token';
  return 'token could not be verified';
}

/**
 * Inbound notification tokens (docs/http-interface.md): RS256 only, signed by a key of the configured key
 * set, `iss` one of `notification.issuers` (else the cloud's), `aud` the bot's client id, `exp`
 * required, `exp`/`nbf` with `clockSkewSeconds` of skew, and a `tid` (the tenant) that
 * `notification.allowedTenants`, when set, contains.
 */
@Injectable()
export class NotificationTokenVerifier {
  private readonly options: JWTVerifyOptions;
  private readonly audience: string | undefined;
  private readonly allowedTenants: ReadonlySet<string>;
  private readonly verified: VerifiedTokenCache;

  constructor(
    private readonly keys: NotificationKeysService,
    @Inject(notificationConfig.KEY) config: NotificationConfigType,
    @Inject(azureConfig.KEY) azure: AzureConfigType,
  ) {
    this.audience = azure.clientId ?? undefined;
    this.options = {
      algorithms: ['RS256'],
      issuer: [...notificationIssuers(azure.cloud, config.issuers)],
      // App ids are GUIDs: one configured in upper case still names the same app as Graph's lower case.
      audience: this.audience && [
        ...new Set([this.audience, this.audience.toLowerCase(), this.audience.toUpperCase()]),
      ],
      clockTolerance: config.clockSkewSeconds,
      requiredClaims: ['exp'],
    };
    this.allowedTenants = new Set(config.allowedTenants.map((tenant) => tenant.toLowerCase()));
    this.verified = new VerifiedTokenCache(VERIFIED_TOKENS_KEPT, config.clockSkewSeconds);
  }

  async verify(authorization: string | undefined): Promise<TokenVerdict> {
    const token = authorization ? BEARER.exec(authorization)?.[1] : undefined;
    if (!token) return { ok: false, reason: 'missing bearer token' };
    // Without a configured audience jose would skip the check: refuse everything instead.
    if (!this.audience) return { ok: false, reason: 'azure.clientId is not configured' };
    let payload: JWTPayload;
    try {
      payload = await this.verifySignatureAndClaims(token);
    } catch (error) {
      return { ok: false, reason: reasonOf(error) };
    }
    const tid = payload.tid;
    if (typeof tid !== 'string' || tid.length === 0)
      return { ok: false, reason: 'tid claim missing' };
    if (this.allowedTenants.size > 0 && !this.allowedTenants.has(tid.toLowerCase())) {
      return { ok: false, reason: 'tenant not allowed' };
    }
    return { ok: true, tenantId: tid };
  }

  private async verifySignatureAndClaims(token: string): Promise<JWTPayload> {
    const version = this.keys.version;
    const known = this.verified.get(token, version);
    if (known) return known;
    const payload = await this.verifyWithKeys(token);
    // Stored under the version the token was checked against: a refetch during it invalidates it.
    this.verified.set(token, payload, version);
    return payload;
  }

  private async verifyWithKeys(token: string): Promise<JWTPayload> {
    try {
      return (await jwtVerify(token, this.keys.resolveKey, this.options)).payload;
    } catch (error) {
      if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
      // A token without `kid` matches every RS256 key of the set: try each (jose leaves it to us).
      const candidates = error as unknown as AsyncIterable<KeyLike>;
      let last: unknown = error;
      for await (const key of candidates) {
        try {
          return (await jwtVerify(token, key, this.options)).payload;
        } catch (attempt) {
          last = attempt;
          if (!(attempt instanceof errors.JWSSignatureVerificationFailed)) break;
        }
      }
      throw last instanceof errors.JWKSMultipleMatchingKeys
        ? new errors.JWSSignatureVerificationFailed()
        : last;
    }
  }
}
