// PAR (RFC 9126), JAR (RFC 9101), DPoP (RFC 9449) and private_key_jwt, as the OIDF FAPI 2.0 plan exercises them.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { RunningKontekst } from '../support/kontekst.ts';
import { listen } from '../support/kontekst.ts';
import { follow, loginAt, testClient, TEST_RP_REDIRECT } from '../support/journey.ts';
import { DEMO_LOGINS } from '../support/demo-people.ts';
import { parseClient, type ClientRegistration } from '../../src/oidc/clients.ts';
import { callbackOf, expectSeparated, Person, startConformanceKontekst, type TestRp } from './support.ts';

type KeyPair = { privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey']; publicJwk: JWK };

/** A test client through the real schema (so the metadata is validated as a static client would be). */
function registered(metadata: Record<string, unknown> & { client_id: string }): ClientRegistration {
  const base: Record<string, unknown> = { ...testClient({ client_id: metadata.client_id }) };
  delete base['client_secret'];
  return parseClient(JSON.parse(JSON.stringify({ ...base, ...metadata })), metadata.client_id);
}

async function keyPair(alg: 'ES256' | 'PS256', kid: string): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

let kontekst: RunningKontekst;
let jwksServer: Server;
let jwksUri: string;
let es: KeyPair;
let ps: KeyPair;
let viaUri: KeyPair;
let regs: Record<'pkj' | 'uri' | 'par' | 'jar' | 'dpop' | 'es256only', ClientRegistration>;

beforeAll(async () => {
  [es, ps, viaUri] = await Promise.all([keyPair('ES256', 'rp-es'), keyPair('PS256', 'rp-ps'), keyPair('ES256', 'rp-uri')]);
  jwksServer = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [viaUri.publicJwk] }));
  });
  jwksUri = `http://127.0.0.1:${await listen(jwksServer)}/jwks.json`;
  const pkj = { token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [es.publicJwk, ps.publicJwk] } };
  regs = {
    pkj: registered({ client_id: 'fapi-pkj', ...pkj }),
    uri: registered({ client_id: 'fapi-jwks-uri', token_endpoint_auth_method: 'private_key_jwt', jwks_uri: jwksUri }),
    par: registered({ client_id: 'fapi-par', ...pkj, require_pushed_authorization_requests: true }),
    jar: registered({ client_id: 'fapi-jar', ...pkj, require_signed_request_object: true, request_object_signing_alg: 'ES256' }),
    dpop: registered({ client_id: 'fapi-dpop', ...pkj, dpop_bound_access_tokens: true }),
    es256only: registered({ client_id: 'fapi-es256-only', ...pkj, token_endpoint_auth_signing_alg: 'ES256' }),
  };
  kontekst = await startConformanceKontekst(Object.values(regs));
});
afterAll(async () => {
  await kontekst.close();
  jwksServer.closeAllConnections();
  await new Promise<void>((resolve) => jwksServer.close(() => resolve()));
});

async function rpWithKey(registration: ClientRegistration, key: KeyPair): Promise<TestRp> {
  const config = await client.discovery(
    new URL(kontekst.url),
    registration.client_id,
    { token_endpoint_auth_method: 'private_key_jwt' },
    client.PrivateKeyJwt({ key: key.privateKey, kid: key.publicJwk.kid }),
    { execute: [client.allowInsecureRequests] },
  );
  return { config, registration, redirectUri: TEST_RP_REDIRECT };
}

async function checks() {
  const codeVerifier = client.randomPKCECodeVerifier();
  return {
    codeVerifier,
    state: client.randomState(),
    nonce: client.randomNonce(),
    base: {
      redirect_uri: TEST_RP_REDIRECT,
      scope: 'openid profile',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    },
  };
}

/** Runs a login for mette.larsen from an already built authorization URL and redeems the code. */
async function loginWith(rp: TestRp, url: URL, c: Awaited<ReturnType<typeof checks>>, options: client.DPoPOptions = {}) {
  const callback = callbackOf(await loginAt(new Person(kontekst.url), url, DEMO_LOGINS['mette.larsen']));
  return client.authorizationCodeGrant(
    rp.config,
    callback,
    {
      pkceCodeVerifier: c.codeVerifier,
      expectedState: c.state,
      expectedNonce: c.nonce,
      idTokenExpected: true,
    },
    undefined,
    options,
  );
}

describe('private_key_jwt (client authentication)', () => {
  it('fapi2-sp-happy-flow with jwks by value: ES256 and PS256 client assertions are accepted', async () => {
    for (const key of [es, ps]) {
      const rp = await rpWithKey(regs.pkj, key);
      const c = await checks();
      const tokens = await loginWith(rp, client.buildAuthorizationUrl(rp.config, { ...c.base, state: c.state, nonce: c.nonce }), c);
      expect(tokens.claims()!['identity_type']).toBe('private');
      expectSeparated(tokens.claims(), 'private');
    }
  });

  it("jwks_uri: the client's keys are fetched from its jwks_uri", async () => {
    const rp = await rpWithKey(regs.uri, viaUri);
    const c = await checks();
    const tokens = await loginWith(rp, client.buildAuthorizationUrl(rp.config, { ...c.base, state: c.state, nonce: c.nonce }), c);
    expect(tokens.access_token).toBeTruthy();
  });

  it('an assertion signed with an unregistered key is invalid_client', async () => {
    const stranger = await keyPair('ES256', 'rp-es');
    const rp = await rpWithKey(regs.pkj, stranger);
    const c = await checks();
    await expect(
      loginWith(rp, client.buildAuthorizationUrl(rp.config, { ...c.base, state: c.state, nonce: c.nonce }), c),
    ).rejects.toMatchObject({ error: 'invalid_client' });
  });

  it('per-client algorithm: a client registered for ES256 cannot authenticate with PS256', async () => {
    const c = await checks();
    const good = await rpWithKey(regs.es256only, es);
    const tokens = await loginWith(good, client.buildAuthorizationUrl(good.config, { ...c.base, state: c.state, nonce: c.nonce }), c);
    expect(tokens.access_token).toBeTruthy();
    const bad = await rpWithKey(regs.es256only, ps);
    const c2 = await checks();
    await expect(
      loginWith(bad, client.buildAuthorizationUrl(bad.config, { ...c2.base, state: c2.state, nonce: c2.nonce }), c2),
    ).rejects.toMatchObject({ error: 'invalid_client' });
  });

  it('an assertion for another audience is invalid_client (plain HTTP)', async () => {
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'rp-es' })
      .setIssuer(regs.pkj.client_id)
      .setSubject(regs.pkj.client_id)
      .setAudience('https://elsewhere.example')
      .setJti(crypto.randomUUID())
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(es.privateKey);
    const response = await fetch(`${kontekst.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: 'x',
        client_id: regs.pkj.client_id,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      }).toString(),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_client');
  });
});

describe('PAR (RFC 9126)', () => {
  it('fapi2-sp-par: a pushed request yields a request_uri the authorization endpoint accepts', async () => {
    const rp = await rpWithKey(regs.par, es);
    const c = await checks();
    const url = await client.buildAuthorizationUrlWithPAR(rp.config, { ...c.base, state: c.state, nonce: c.nonce });
    expect(url.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/);
    expect(url.searchParams.get('scope')).toBeNull();
    const tokens = await loginWith(rp, url, c);
    expect(tokens.claims()!['identity_type']).toBe('private');
  });

  it('require_pushed_authorization_requests: a plain request from that client is refused', async () => {
    const rp = await rpWithKey(regs.par, es);
    const c = await checks();
    const stop = await follow(new Person(kontekst.url), client.buildAuthorizationUrl(rp.config, { ...c.base, state: c.state }));
    const callback = callbackOf(stop);
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('error_description')).toMatch(/pushed authorization request/i);
  });

  it('fapi2-sp-par-attempt-reuse-request_uri: a request_uri works once', async () => {
    const rp = await rpWithKey(regs.pkj, es);
    const c = await checks();
    const url = await client.buildAuthorizationUrlWithPAR(rp.config, { ...c.base, state: c.state, nonce: c.nonce });
    await loginWith(rp, url, c);
    // The stored request is gone, so its redirect_uri cannot be trusted: an error page, no redirect.
    const stop = await follow(new Person(kontekst.url), url);
    expect(stop.kind === 'page' && stop.page.status).toBe(400);
    expect(stop.kind === 'page' && stop.page.html).toContain('invalid_request_uri');
  });

  it('PAR refuses an unregistered redirect_uri at push time', async () => {
    const rp = await rpWithKey(regs.pkj, es);
    const c = await checks();
    await expect(
      client.buildAuthorizationUrlWithPAR(rp.config, { ...c.base, redirect_uri: 'https://attacker.example/cb', state: c.state }),
    ).rejects.toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(/redirect_uri/) });
  });
});

describe('JAR (RFC 9101)', () => {
  it("a request object signed with the client's registered key is honoured", async () => {
    const rp = await rpWithKey(regs.jar, es);
    const c = await checks();
    const url = await client.buildAuthorizationUrlWithJAR(
      rp.config,
      { ...c.base, state: c.state, nonce: c.nonce },
      { key: es.privateKey, kid: 'rp-es' },
    );
    expect(url.searchParams.get('request')).toBeTruthy();
    const tokens = await loginWith(rp, url, c);
    expect(tokens.claims()!.nonce).toBe(c.nonce);
  });

  it('require_signed_request_object: plain parameters from that client are refused', async () => {
    const rp = await rpWithKey(regs.jar, es);
    const c = await checks();
    const callback = callbackOf(
      await follow(new Person(kontekst.url), client.buildAuthorizationUrl(rp.config, { ...c.base, state: c.state })),
    );
    expect(callback.searchParams.get('error')).toBe('invalid_request');
  });

  it('a request object signed with another algorithm than registered (PS256 vs ES256) is refused', async () => {
    const rp = await rpWithKey(regs.jar, es);
    const c = await checks();
    const url = await client.buildAuthorizationUrlWithJAR(
      rp.config,
      { ...c.base, state: c.state, nonce: c.nonce },
      { key: ps.privateKey, kid: 'rp-ps' },
    );
    // The request object cannot be trusted, so neither can its redirect_uri: an error page, no redirect.
    const stop = await follow(new Person(kontekst.url), url);
    expect(stop.kind === 'page' && stop.page.status).toBe(400);
    expect(stop.kind === 'page' && stop.page.html).toContain('invalid_request_object');
  });

  it('JAR inside PAR: a signed request object pushed to the PAR endpoint', async () => {
    const rp = await rpWithKey(regs.jar, es);
    const c = await checks();
    const jar = await client.buildAuthorizationUrlWithJAR(
      rp.config,
      { ...c.base, state: c.state, nonce: c.nonce },
      { key: es.privateKey, kid: 'rp-es' },
    );
    const url = await client.buildAuthorizationUrlWithPAR(rp.config, jar.searchParams);
    const tokens = await loginWith(rp, url, c);
    expect(tokens.access_token).toBeTruthy();
  });
});

describe('DPoP (RFC 9449)', () => {
  it('fapi2-sp-dpop: the access token is bound to the DPoP key and userinfo needs the proof', async () => {
    const rp = await rpWithKey(regs.dpop, es);
    const dpopKeys = await client.randomDPoPKeyPair('ES256');
    const DPoP = client.getDPoPHandle(rp.config, dpopKeys);
    const c = await checks();
    const url = await client.buildAuthorizationUrlWithPAR(rp.config, { ...c.base, state: c.state, nonce: c.nonce }, { DPoP });
    const tokens = await loginWith(rp, url, c, { DPoP });
    expect(tokens.token_type.toLowerCase()).toBe('dpop');
    const userinfo = await client.fetchUserInfo(rp.config, tokens.access_token, tokens.claims()!.sub, { DPoP });
    expectSeparated(userinfo, 'private');
    // Without the proof, the bound token is useless: a stolen token cannot be replayed as a bearer token.
    const asBearer = await fetch(`${kontekst.url}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(asBearer.status).toBe(401);
    const asDpopWithoutProof = await fetch(`${kontekst.url}/me`, { headers: { authorization: `DPoP ${tokens.access_token}` } });
    expect(asDpopWithoutProof.status).toBe(400);
    // A proof from another key does not fit the binding.
    const otherDPoP = client.getDPoPHandle(rp.config, await client.randomDPoPKeyPair('ES256'));
    await expect(client.fetchUserInfo(rp.config, tokens.access_token, tokens.claims()!.sub, { DPoP: otherDPoP })).rejects.toBeTruthy();
  });

  it('dpop_bound_access_tokens: a token request without a proof is refused for that client', async () => {
    const rp = await rpWithKey(regs.dpop, es);
    const c = await checks();
    const url = client.buildAuthorizationUrl(rp.config, { ...c.base, state: c.state, nonce: c.nonce });
    await expect(loginWith(rp, url, c)).rejects.toMatchObject({ error: 'invalid_grant' });
    // The same flow with a proof succeeds: the missing proof was the only difference.
    const DPoP = client.getDPoPHandle(rp.config, await client.randomDPoPKeyPair('ES256'));
    const c2 = await checks();
    const tokens = await loginWith(rp, client.buildAuthorizationUrl(rp.config, { ...c2.base, state: c2.state, nonce: c2.nonce }), c2, {
      DPoP,
    });
    expect(tokens.token_type.toLowerCase()).toBe('dpop');
  });

  it('a client not requiring DPoP may still bind its tokens by sending a proof', async () => {
    const rp = await rpWithKey(regs.pkj, es);
    const DPoP = client.getDPoPHandle(rp.config, await client.randomDPoPKeyPair('ES256'));
    const c = await checks();
    const tokens = await loginWith(rp, client.buildAuthorizationUrl(rp.config, { ...c.base, state: c.state, nonce: c.nonce }), c, { DPoP });
    expect(tokens.token_type.toLowerCase()).toBe('dpop');
  });
});
