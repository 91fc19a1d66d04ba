import { createPublicKey, KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import { newId } from '../core/util';

/** Application permissions a calling bot typically holds; put in `roles` like Azure AD does. */
export const BOT_ROLES = [
  'Calls.AccessMedia.All',
  'Calls.Initiate.All',
  'Calls.InitiateGroupCall.All',
  'Calls.JoinGroupCall.All',
  'Calls.JoinGroupCallAsGuest.All',
];

export type TokenCheck =
  | { ok: true; appId: string; tenantId: string; audience: string }
  | { ok: false; reason: 'missing' | 'invalid' | 'expired' | 'audience' };

/**
 * Issues and checks the Graph access tokens (RS256 JWTs in Azure AD's v1 access-token shape:
 * Graph tokens carry `iss` https://sts.windows.net/{tid}/, `appid`, `roles`).
 */
export class AccessTokenIssuer {
  /** Verified tokens, so that each Graph request does not pay an RSA verification. */
  private verified = new Map<
    string,
    { appId: string; tenantId: string; aud: string; exp: number }
  >();
  private readonly publicKey: KeyObject;

  private constructor(
    private readonly privateKey: KeyObject,
    readonly kid: string,
    readonly jwk: JWK,
  ) {
    this.publicKey = createPublicKey(privateKey);
  }

  static async create(privateKey: KeyObject): Promise<AccessTokenIssuer> {
    const exported = await exportJWK(createPublicKey(privateKey));
    const kid = await calculateJwkThumbprint(exported);
    return new AccessTokenIssuer(privateKey, kid, { ...exported, kid, use: 'sig', alg: 'RS256' });
  }

  async issue(input: {
    tenantId: string;
    clientId: string;
    resource: string;
    lifetimeSeconds: number;
  }): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const issuer = `https://sts.windows.net/${input.tenantId}/`;
    return new SignJWT({
      aud: input.resource,
      iss: issuer,
      idp: issuer,
      iat: now,
      nbf: now,
      exp: now + input.lifetimeSeconds,
      appid: input.clientId,
      azp: input.clientId,
      appidacr: '1',
      app_displayname: 'Switchboard bot (emulated)',
      idtyp: 'app',
      oid: input.clientId,
      sub: input.clientId,
      roles: BOT_ROLES,
      tid: input.tenantId,
      uti: newId(),
      ver: '1.0',
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid })
      .sign(this.privateKey);
  }

  async check(
    authorization: string | undefined,
    audiences: readonly string[],
  ): Promise<TokenCheck> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return { ok: false, reason: 'missing' };
    const token = match[1];
    const now = Math.floor(Date.now() / 1000);
    let entry = this.verified.get(token);
    if (!entry) {
      try {
        const { payload } = await jwtVerify(token, this.publicKey, {
          algorithms: ['RS256'],
          clockTolerance: 300,
        });
        entry = {
          appId: typeof payload.appid === 'string' ? payload.appid : '',
          tenantId: typeof payload.tid === 'string' ? payload.tid : '',
          aud: typeof payload.aud === 'string' ? payload.aud : '',
          exp: payload.exp ?? 0,
        };
      } catch (error) {
        const code = (error as { code?: string }).code;
        return { ok: false, reason: code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid' };
      }
      if (this.verified.size > 10_000) this.verified.clear();
      this.verified.set(token, entry);
    }
    if (entry.exp <= now) return { ok: false, reason: 'expired' };
    if (!audiences.includes(entry.aud)) return { ok: false, reason: 'audience' };
    return { ok: true, appId: entry.appId, tenantId: entry.tenantId, audience: entry.aud };
  }
}
