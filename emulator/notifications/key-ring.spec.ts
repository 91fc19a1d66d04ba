import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { generateRsaKey } from '../core/persisted-key';
import { NotificationKeyRing } from './key-ring';

describe('NotificationKeyRing', () => {
  let ring: NotificationKeyRing;
  beforeAll(async () => {
    ring = await NotificationKeyRing.create(generateRsaKey());
  });

  const verify = (token: string): ReturnType<typeof jwtVerify> =>
    jwtVerify(token, createLocalJWKSet(ring.jwks()), { algorithms: ['RS256'] });

  it('signs Graph-shaped tokens (exp = nbf + 300 s) that verify against its JWKS', async () => {
    const token = await ring.sign({ iss: 'https://graph.microsoft.com', aud: 'app', tid: 't' });
    const { payload, protectedHeader } = await verify(token);
    expect(payload).toMatchObject({ iss: 'https://graph.microsoft.com', aud: 'app', tid: 't' });
    expect(payload.exp! - payload.nbf!).toBe(300);
    expect(protectedHeader).toMatchObject({
      alg: 'RS256',
      kid: ring.currentKid,
      x5t: expect.any(String),
    });
  });

  it('reuses a token within the reuse window, and never across a rotation', async () => {
    const base = { issuer: 'i', audience: 'a', tenantId: 't' };
    const first = await ring.tokenFor(base, 60);
    expect(await ring.tokenFor(base, 60)).toBe(first);
    expect(await ring.tokenFor({ ...base, tenantId: 'other' }, 60)).not.toBe(first);
    const oldKid = ring.currentKid;
    await ring.rotate();
    const rotated = await ring.tokenFor(base, 60);
    expect(decodeProtectedHeader(rotated).kid).not.toBe(oldKid);
    await expect(verify(first)).resolves.toBeTruthy();
    expect(ring.drop(oldKid)).toBe(true);
    await expect(verify(first)).rejects.toThrow();
    expect(ring.drop(ring.currentKid)).toBe(false);
  });

  it('makes deliberately bad tokens', async () => {
    await expect(verify(await ring.sign({ aud: 'a' }, { key: 'foreign' }))).rejects.toThrow();
    await expect(verify(await ring.sign({ aud: 'a' }, { alg: 'HS256' }))).rejects.toThrow();
    await expect(verify(await ring.sign({ aud: 'a' }, { alg: 'none' }))).rejects.toThrow();
    await expect(verify(await ring.sign({ aud: 'a' }, { expiresInSeconds: -10 }))).rejects.toThrow(
      /exp/,
    );
  });
});
