// Introspection (RFC 7662), revocation (RFC 7009) and JWT access tokens for resource servers (RFC 9068, RFC 8707),
// each limited to authorised clients and each keeping the contexts apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import type { RunningKontekst } from '../support/kontekst.ts';
import { testClient } from '../support/journey.ts';
import { discoverRp, expectSeparated, logIn, startConformanceKontekst, type Login, type TestRp } from './support.ts';

const OPAQUE_RS = 'https://api.opaque.example';
const JWT_RS = 'https://api.digital-post.example';

let kontekst: RunningKontekst;
let rp: TestRp;
let professional: Login;
let privateJwt: Login;
const owner = testClient({ client_id: 'tokens-owner-rp' });
const other = testClient({ client_id: 'tokens-other-rp' });
const resourceServer = testClient({ client_id: 'opaque-rs', redirect_uris: ['https://rs.example/unused'] });
const publicClient = testClient({ client_id: 'tokens-public', token_endpoint_auth_method: 'none', client_secret: undefined });

beforeAll(async () => {
  kontekst = await startConformanceKontekst([owner, other, resourceServer, publicClient], {
    resourceServers: [
      { identifier: OPAQUE_RS, scope: 'mail:read', accessTokenFormat: 'opaque', introspectionClients: ['opaque-rs'] },
      { identifier: JWT_RS, scope: 'mail:read mail:send', accessTokenSigningAlg: 'ES256' },
    ],
  });
  rp = await discoverRp(kontekst.url, owner);
  professional = await logIn(rp, 'nr-jens', {
    params: { scope: 'openid profile professional offline_access mail:read', resource: OPAQUE_RS, prompt: 'consent' },
  });
  privateJwt = await logIn(rp, 'jens.hansen', {
    params: { scope: 'openid profile mail:read', resource: JWT_RS, login_hint: 'private' },
  });
});
afterAll(() => kontekst.close());

function basic(registration: { client_id: string; client_secret?: string }): Record<string, string> {
  return registration.client_secret
    ? { authorization: `Basic ${Buffer.from(`${registration.client_id}:${registration.client_secret}`).toString('base64')}` }
    : {};
}

async function post(path: string, registration: { client_id: string; client_secret?: string }, fields: Record<string, string>) {
  const body = registration.client_secret ? fields : { ...fields, client_id: registration.client_id };
  const response = await fetch(`${kontekst.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...basic(registration) },
    body: new URLSearchParams(body).toString(),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

const introspect = (by: typeof owner, token: string) => post('/token/introspection', by, { token });
const revoke = (by: typeof owner, token: string) => post('/token/revocation', by, { token });

describe('RFC 9068 JWT access tokens for a configured resource server', () => {
  it('is a signed at+jwt for the resource, with only sub, identity_type and idp about the person', async () => {
    const token = privateJwt.tokens.access_token;
    const header = decodeProtectedHeader(token);
    expect(header.typ).toBe('at+jwt');
    expect(header.alg).toBe('ES256');
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(`${kontekst.url}/jwks`)), {
      issuer: kontekst.url,
      audience: JWT_RS,
      typ: 'at+jwt',
    });
    expect(payload['client_id']).toBe(owner.client_id);
    expect(payload['scope']).toBe('mail:read');
    expect(payload['identity_type']).toBe('private');
    expect(payload['idp']).toBe('mitid');
    expect(payload.sub).toBe(privateJwt.claims.sub);
    for (const personal of ['name', 'given_name', 'family_name', 'birthdate', 'dk.cpr', 'mitid.uuid', 'email']) {
      expect(payload[personal], personal).toBeUndefined();
    }
    expectSeparated(payload, 'private');
  });

  it('a JWT access token is not introspectable (resource servers verify it themselves)', async () => {
    const result = await introspect(owner, privateJwt.tokens.access_token);
    expect(result.body['active']).not.toBe(true);
  });

  it('an unknown resource indicator is refused with invalid_target', async () => {
    const { authorizationRequest } = await import('./support.ts');
    const request = await authorizationRequest(rp, { resource: 'https://unknown.example', scope: 'openid' });
    const { authorizeAgain } = await import('./support.ts');
    const callback = await authorizeAgain(privateJwt.person, request.url);
    expect(callback.searchParams.get('error')).toBe('invalid_target');
  });
});

describe('RFC 7662 introspection policy', () => {
  it('the resource server (explicit introspection permission) sees an opaque token for it: active, professional, no personal data', async () => {
    const result = await introspect(resourceServer, professional.tokens.access_token);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      active: true,
      client_id: owner.client_id,
      aud: OPAQUE_RS,
      identity_type: 'professional',
      idp: 'mitid_erhverv',
    });
    expect(result.body['sub']).toBe(professional.claims.sub);
    for (const personal of ['name', 'email', 'professional.cvr', 'professional.uuid', 'dk.cpr', 'mitid.uuid', 'birthdate']) {
      expect(result.body[personal], personal).toBeUndefined();
    }
    expectSeparated(result.body, 'professional');
  });

  it('the owning client may introspect its own access and refresh tokens', async () => {
    expect((await introspect(owner, professional.tokens.access_token)).body['active']).toBe(true);
    const refresh = await introspect(owner, professional.tokens.refresh_token!);
    expect(refresh.body['active']).toBe(true);
    expectSeparated(refresh.body, 'professional');
  });

  it("another client learns nothing: active=false for someone else's tokens", async () => {
    expect((await introspect(other, professional.tokens.access_token)).body).toEqual({ active: false });
    expect((await introspect(other, professional.tokens.refresh_token!)).body).toEqual({ active: false });
  });

  it('the resource server may not introspect refresh tokens, nor tokens for other audiences', async () => {
    expect((await introspect(resourceServer, professional.tokens.refresh_token!)).body).toEqual({ active: false });
    const userinfoToken = (await logIn(rp, 'mette.larsen')).tokens.access_token;
    expect((await introspect(resourceServer, userinfoToken)).body).toEqual({ active: false });
  });

  it('a public client introspects nothing, not even its own tokens', async () => {
    const result = await introspect(publicClient, professional.tokens.access_token);
    expect(result.body).toEqual({ active: false });
  });

  it('a wrong client secret is invalid_client', async () => {
    const result = await introspect(
      { ...resourceServer, client_secret: 'wrong-wrong-wrong-wrong-wrong-wrong-00' },
      professional.tokens.access_token,
    );
    expect(result.status).toBe(401);
    expect(result.body['error']).toBe('invalid_client');
  });
});

describe('RFC 7009 revocation policy', () => {
  it('another confidential client cannot revoke the token (invalid_request) and it stays active', async () => {
    const login = await logIn(rp, 'mette.larsen', { person: privateJwt.person, params: { login_hint: 'private' } });
    const result = await revoke(other, login.tokens.access_token);
    expect(result.status).toBe(400);
    expect(result.body['error']).toBe('invalid_request');
    expect((await introspect(owner, login.tokens.access_token)).body['active']).toBe(true);
  });

  it("a public client presenting another client's token gets 200 and revokes nothing", async () => {
    const login = await logIn(rp, 'mette.larsen');
    const result = await revoke(publicClient, login.tokens.access_token);
    expect(result.status).toBe(200);
    expect((await introspect(owner, login.tokens.access_token)).body['active']).toBe(true);
  });

  it('the owner revokes its access token; a revoked refresh token ends the grant', async () => {
    const login = await logIn(rp, 'nr-jens', { params: { scope: 'openid offline_access', prompt: 'consent' } });
    expect((await revoke(owner, login.tokens.access_token)).status).toBe(200);
    expect((await introspect(owner, login.tokens.access_token)).body['active']).toBe(false);
    expect((await revoke(owner, login.tokens.refresh_token!)).status).toBe(200);
    const refresh = await post('/token', owner, { grant_type: 'refresh_token', refresh_token: login.tokens.refresh_token! });
    expect(refresh.body['error']).toBe('invalid_grant');
  });
});
