// OpenID Foundation "oidcc-basic-certification-test-plan" (code flow, client_secret_basic), mirrored module by module.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as client from 'openid-client';
import type { RunningKontekst } from '../support/kontekst.ts';
import { follow, loginAt, choose, offeredContexts, testClient } from '../support/journey.ts';
import { DEMO_LOGINS } from '../support/demo-people.ts';
import {
  LOA,
  Person,
  authorizationRequest,
  authorizeAgain,
  callbackOf,
  discoverRp,
  expectSeparated,
  logIn,
  redeem,
  startConformanceKontekst,
  type Login,
  type TestRp,
} from './support.ts';

let kontekst: RunningKontekst;
let rp: TestRp;
/** mette.larsen's browser after the first login: SSO for the modules that need a logged-in End-User. */
let mette: Login;
const registration = testClient({ client_id: 'oidcc-basic-rp' });

beforeAll(async () => {
  kontekst = await startConformanceKontekst([registration]);
  rp = await discoverRp(kontekst.url, registration);
  mette = await logIn(rp, 'mette.larsen', { params: { scope: 'openid profile' } });
});
afterAll(async () => {
  vi.useRealTimers();
  await kontekst.close();
});

async function userinfoStatus(accessToken: string): Promise<number> {
  const response = await fetch(`${kontekst.url}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
  await response.arrayBuffer();
  return response.status;
}

async function tokenRequest(body: Record<string, string>) {
  const response = await fetch(`${kontekst.url}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${registration.client_id}:${registration.client_secret}`).toString('base64')}`,
    },
    body: new URLSearchParams(body).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Opens a URL without following redirects, as a browser's first request. */
async function openRaw(url: URL | string) {
  const response = await fetch(url, { redirect: 'manual' });
  return {
    status: response.status,
    location: response.headers.get('location'),
    type: response.headers.get('content-type') ?? '',
    html: await response.text(),
  };
}

describe('oidcc-basic-certification-test-plan', () => {
  it('oidcc-server: a code flow login yields a valid, signed ID token with the private profile', async () => {
    const { claims, tokens } = mette;
    expect(claims.iss).toBe(kontekst.url);
    expect(claims.aud).toBe(registration.client_id);
    expect(claims.nonce).toBe(mette.request.nonce);
    expect(claims.sub).toMatch(/^[\w-]{20,}$/);
    expect(claims['identity_type']).toBe('private');
    expect(claims['acr']).toBe(LOA.substantial);
    expect(typeof claims.auth_time).toBe('number');
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expectSeparated(claims, 'private');
    const userinfo = await client.fetchUserInfo(rp.config, tokens.access_token, claims.sub);
    expect(userinfo.sub).toBe(claims.sub);
    expect(userinfo['name']).toBe('Mette Larsen');
    expectSeparated(userinfo, 'private');
  });

  it('oidcc-ensure-request-without-nonce-succeeds-for-code-flow', async () => {
    const request = await authorizationRequest(rp);
    request.url.searchParams.delete('nonce');
    const callback = await authorizeAgain(mette.person, request.url);
    const tokens = await client.authorizationCodeGrant(rp.config, callback, {
      pkceCodeVerifier: request.codeVerifier,
      expectedState: request.state,
      idTokenExpected: true,
    });
    expect(tokens.claims()!.nonce).toBeUndefined();
  });

  it('oidcc-nonce-invalid: the ID token carries exactly the request nonce, so a client expecting another refuses it', async () => {
    const request = await authorizationRequest(rp);
    const callback = await authorizeAgain(mette.person, request.url);
    await expect(
      client.authorizationCodeGrant(rp.config, callback, {
        pkceCodeVerifier: request.codeVerifier,
        expectedState: request.state,
        expectedNonce: 'not-the-nonce-that-was-sent',
      }),
    ).rejects.toSatisfy((error) => {
      const detail = (error as { cause?: { cause?: { claim?: string; claims?: { nonce?: string } } } }).cause?.cause;
      return detail?.claim === 'nonce' && detail.claims?.nonce === request.nonce;
    });
  });

  it('oidcc-codereuse: a code works once; its second use fails and revokes the tokens of the first', async () => {
    const request = await authorizationRequest(rp);
    const callback = await authorizeAgain(mette.person, request.url);
    const first = await redeem(rp, request, callback);
    expect(await userinfoStatus(first.access_token)).toBe(200);
    const again = await tokenRequest({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code')!,
      redirect_uri: rp.redirectUri,
      code_verifier: request.codeVerifier,
    });
    expect(again.status).toBe(400);
    expect(again.body['error']).toBe('invalid_grant');
    expect(await userinfoStatus(first.access_token)).toBe(401);
  });

  it('oidcc-ensure-redirect-uri-in-authorization-request: no redirect_uri shows an error page, no redirect', async () => {
    const request = await authorizationRequest(rp);
    request.url.searchParams.delete('redirect_uri');
    const page = await openRaw(request.url);
    expect(page.status).toBe(400);
    expect(page.location).toBeNull();
    expect(page.type).toContain('text/html');
    expect(page.html).toContain('invalid_request');
  });

  it('oidcc-ensure-registered-redirect-uri: an unregistered redirect_uri shows an error page and does NOT redirect', async () => {
    const request = await authorizationRequest(rp, { redirect_uri: 'https://attacker.example/callback' });
    const page = await openRaw(request.url);
    expect(page.status).toBe(400);
    expect(page.location).toBeNull();
    expect(page.html).toContain('redirect_uri');
    expect(page.html).not.toContain('attacker.example');
  });

  it('oidcc-unsigned-request-object-supported-correctly-or-rejected-as-unsupported: rejected', async () => {
    const request = await authorizationRequest(rp);
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(
      JSON.stringify({
        iss: registration.client_id,
        aud: kontekst.url,
        client_id: registration.client_id,
        response_type: 'code',
        redirect_uri: rp.redirectUri,
        scope: 'openid',
        state: request.state,
        nonce: request.nonce,
        code_challenge: request.url.searchParams.get('code_challenge'),
        code_challenge_method: 'S256',
      }),
    ).toString('base64url');
    const url = new URL(`${kontekst.url}/auth`);
    url.search = new URLSearchParams({
      client_id: registration.client_id,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: rp.redirectUri,
      request: `${header}.${body}.`,
    }).toString();
    const callback = callbackOf(await follow(mette.person, url));
    expect(callback.origin + callback.pathname).toBe(rp.redirectUri);
    expect(['invalid_request_object', 'request_not_supported']).toContain(callback.searchParams.get('error'));
    expect(callback.searchParams.get('code')).toBeNull();
  });

  it('oidcc-ensure-other-scope-order-succeeds', async () => {
    const request = await authorizationRequest(rp, { scope: 'profile openid' });
    const tokens = await redeem(rp, request, await authorizeAgain(mette.person, request.url));
    expect(tokens.scope?.split(' ').sort()).toEqual(['openid', 'profile']);
    expect(tokens.claims()!.sub).toBe(mette.claims.sub);
  });

  it('oidcc-ensure-request-with-unknown-parameter-succeeds', async () => {
    const request = await authorizationRequest(rp, { extra: 'foobar', 'x-kontekst-unknown': '1' });
    const tokens = await redeem(rp, request, await authorizeAgain(mette.person, request.url));
    expect(tokens.claims()!.sub).toBe(mette.claims.sub);
  });

  it('oidcc-prompt-none-not-logged-in: login_required, state preserved, no login page', async () => {
    const request = await authorizationRequest(rp, { prompt: 'none' });
    const callback = callbackOf(await follow(new Person(kontekst.url), request.url));
    expect(callback.searchParams.get('error')).toBe('login_required');
    expect(callback.searchParams.get('state')).toBe(request.state);
  });

  it('oidcc-prompt-none-logged-in: a code without any page, same subject', async () => {
    const request = await authorizationRequest(rp, { prompt: 'none' });
    const tokens = await redeem(rp, request, await authorizeAgain(mette.person, request.url));
    expect(tokens.claims()!.sub).toBe(mette.claims.sub);
    expect(tokens.claims()!.auth_time).toBe(mette.claims.auth_time);
  });

  it('oidcc-prompt-login: MitID asks again although the End-User is logged in', async () => {
    const request = await authorizationRequest(rp, { prompt: 'login' });
    const first = await follow(mette.person, request.url);
    expect(first.kind === 'page' && first.page.url.pathname.startsWith('/mitid-sim/')).toBe(true);
    const tokens = await redeem(rp, request, callbackOf(await loginAt(mette.person, request.url, DEMO_LOGINS['mette.larsen'])));
    expect(tokens.claims()!.sub).toBe(mette.claims.sub);
    expect(tokens.claims()!.auth_time).toBeGreaterThanOrEqual(mette.claims.auth_time!);
  });

  it('oidcc-max-age-10000: a recent login is reused without asking MitID', async () => {
    const before = await logIn(rp, 'mette.larsen', { person: mette.person, params: { prompt: 'none' } });
    const request = await authorizationRequest(rp, { max_age: '10000' });
    const tokens = await redeem(rp, request, await authorizeAgain(mette.person, request.url));
    expect(tokens.claims()!.auth_time).toBe(before.claims.auth_time);
  });

  it('oidcc-id-token-hint: prompt=none with the previous ID token returns the same subject', async () => {
    const request = await authorizationRequest(rp, { prompt: 'none', id_token_hint: mette.tokens.id_token! });
    const tokens = await redeem(rp, request, await authorizeAgain(mette.person, request.url));
    expect(tokens.claims()!.sub).toBe(mette.claims.sub);
  });

  it('oidcc-login-hint: login_hint=private narrows jens.hansen to his private context, no chooser', async () => {
    const jens = await logIn(rp, 'jens.hansen', { params: { login_hint: 'private', scope: 'openid profile' } });
    expect(jens.claims['identity_type']).toBe('private');
    expectSeparated(jens.claims, 'private');
    expectSeparated(await client.fetchUserInfo(rp.config, jens.tokens.access_token, jens.claims.sub), 'private');
  });

  it('oidcc-id-token-hint: a hint from another context is not silently honoured (login_required)', async () => {
    // jens.hansen's professional ID token as hint while his browser holds a private session.
    const person = new Person(kontekst.url);
    const professional = await logIn(rp, 'jens.hansen', { person, params: { login_hint: 'professional' } });
    const privateLogin = await logIn(rp, 'jens.hansen', {
      person,
      params: { login_hint: 'private', prompt: 'select_account' },
      context: 'private',
    });
    expect(privateLogin.claims.sub).not.toBe(professional.claims.sub);
    const request = await authorizationRequest(rp, { prompt: 'none', id_token_hint: professional.tokens.id_token! });
    const callback = await authorizeAgain(person, request.url);
    expect(callback.searchParams.get('error')).toBe('login_required');
    expect(callback.searchParams.get('code')).toBeNull();
  });

  it('oidcc-ui-locales: the pages follow ui_locales (en and da)', async () => {
    for (const [locale, text] of [
      ['en', 'lang="en"'],
      ['da', 'lang="da"'],
    ] as const) {
      const person = new Person(kontekst.url);
      const request = await authorizationRequest(rp, { ui_locales: locale, prompt: 'select_account' });
      const stop = await loginAt(person, request.url, DEMO_LOGINS['jens.hansen']);
      expect(offeredContexts(stop)).toHaveLength(2);
      expect(stop.kind === 'page' && stop.page.html).toContain(text);
      const tokens = await redeem(rp, request, callbackOf(await choose(person, stop, 'private')));
      expect(tokens.claims()!['identity_type']).toBe('private');
    }
  });

  it('oidcc-acr-values: High is requested upstream and carried in the ID token; a Substantial session steps up', async () => {
    const request = await authorizationRequest(rp, { acr_values: LOA.high });
    // The SSO session is Substantial: MitID is asked again, and only the chip reaches High.
    const stop = await loginAt(mette.person, request.url, { userId: 'mette.larsen', means: 'chip' });
    const tokens = await redeem(rp, request, callbackOf(stop));
    expect(tokens.claims()!['acr']).toBe(LOA.high);
    expect(tokens.claims()!.sub).toBe(mette.claims.sub);
    const substantial = await authorizationRequest(rp, { acr_values: LOA.substantial });
    const again = await redeem(rp, substantial, await authorizeAgain(mette.person, substantial.url));
    expect(again.claims()!['acr']).toBe(LOA.high);
  });

  it('oidcc-acr-values: a login that cannot reach High is refused with unmet_authentication_requirements', async () => {
    const request = await authorizationRequest(rp, { acr_values: LOA.high });
    const person = new Person(kontekst.url);
    const stop = await loginAt(person, request.url, { userId: 'jens.hansen', means: 'app', pin: '1357' });
    const outcome = stop.kind === 'callback' ? stop.callbackUrl : undefined;
    if (outcome) {
      expect(outcome.searchParams.get('error')).toBe('unmet_authentication_requirements');
      expect(outcome.searchParams.get('code')).toBeNull();
    } else {
      expect(stop.kind === 'page' && stop.page.name).toBe('no-context');
    }
  });

  it('oidcc-claims-essential: an essential claim asked in the claims parameter is released (and only it)', async () => {
    const request = await authorizationRequest(rp, {
      scope: 'openid',
      claims: JSON.stringify({ userinfo: { name: { essential: true } } }),
    });
    const tokens = await redeem(rp, request, await authorizeAgain(mette.person, request.url));
    const userinfo = await client.fetchUserInfo(rp.config, tokens.access_token, tokens.claims()!.sub);
    expect(userinfo['name']).toBe('Mette Larsen');
    expect(userinfo['birthdate']).toBeUndefined();
    expect(userinfo['dk.cpr']).toBeUndefined();
    expectSeparated(userinfo, 'private');
  });

  it('oidcc-claims-essential: a claim of the other context is never released (professional.cvr to a private context)', async () => {
    const request = await authorizationRequest(rp, {
      scope: 'openid',
      claims: JSON.stringify({ id_token: { 'professional.cvr': { essential: true } }, userinfo: { 'professional.uuid': null } }),
    });
    const tokens = await redeem(rp, request, await authorizeAgain(mette.person, request.url));
    expectSeparated(tokens.claims(), 'private');
    expectSeparated(await client.fetchUserInfo(rp.config, tokens.access_token, tokens.claims()!.sub), 'private');
  });

  it('oidcc-userinfo-get / oidcc-userinfo-post-header / oidcc-userinfo-post-body', async () => {
    // A fresh token: code reuse above revoked the grant the first login's token belonged to.
    const token = (await logIn(rp, 'mette.larsen', { person: mette.person, params: { prompt: 'none' } })).tokens.access_token;
    const get = await fetch(`${kontekst.url}/me`, { headers: { authorization: `Bearer ${token}` } });
    const postHeader = await fetch(`${kontekst.url}/me`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    const postBody = await fetch(`${kontekst.url}/me`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ access_token: token }).toString(),
    });
    for (const response of [get, postHeader, postBody]) {
      expect(response.status).toBe(200);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body['sub']).toBe(mette.claims.sub);
      expectSeparated(body, 'private');
    }
  });

  it('PKCE: a request without code_challenge is refused; a wrong code_verifier fails', async () => {
    const request = await authorizationRequest(rp);
    request.url.searchParams.delete('code_challenge');
    request.url.searchParams.delete('code_challenge_method');
    const refused = await authorizeAgain(mette.person, request.url);
    expect(refused.searchParams.get('error')).toBe('invalid_request');

    const good = await authorizationRequest(rp);
    const callback = await authorizeAgain(mette.person, good.url);
    const wrong = await tokenRequest({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code')!,
      redirect_uri: rp.redirectUri,
      code_verifier: client.randomPKCECodeVerifier(),
    });
    expect(wrong.body['error']).toBe('invalid_grant');
  });

  it('oidcc-refresh-token: refresh keeps subject and context, rotates the refresh token', async () => {
    const login = await logIn(rp, 'mette.larsen', {
      person: mette.person,
      params: { scope: 'openid profile offline_access', prompt: 'consent' },
    });
    const first = login.tokens.refresh_token!;
    expect(first).toBeTruthy();
    const refreshed = await client.refreshTokenGrant(rp.config, first);
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(first);
    expect(refreshed.claims()!.sub).toBe(login.claims.sub);
    expect(refreshed.claims()!['identity_type']).toBe('private');
    expectSeparated(refreshed.claims(), 'private');
  });

  it('refresh-token reuse detection: replaying a rotated refresh token revokes the whole grant', async () => {
    const login = await logIn(rp, 'mette.larsen', { person: mette.person, params: { scope: 'openid offline_access', prompt: 'consent' } });
    const first = login.tokens.refresh_token!;
    const second = await client.refreshTokenGrant(rp.config, first);
    expect(await userinfoStatus(second.access_token)).toBe(200);
    const replay = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first });
    expect(replay.body['error']).toBe('invalid_grant');
    // The grant is gone: the legitimate newest refresh token and its access token stop working too.
    const newest = await tokenRequest({ grant_type: 'refresh_token', refresh_token: second.refresh_token! });
    expect(newest.body['error']).toBe('invalid_grant');
    expect(await userinfoStatus(second.access_token)).toBe(401);
  });

  // Time travel last: the provider's clock (Date) moves forward, timers stay real so HTTP keeps working.
  it('oidcc-max-age-1: a login older than max_age makes MitID authenticate again, with a new auth_time', async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 2_000);
    const request = await authorizationRequest(rp, { max_age: '1' });
    const first = await follow(mette.person, request.url);
    expect(first.kind === 'page' && first.page.url.pathname.startsWith('/mitid-sim/')).toBe(true);
    const tokens = await redeem(rp, request, callbackOf(await loginAt(mette.person, request.url, DEMO_LOGINS['mette.larsen'])));
    expect(tokens.claims()!.auth_time).toBeGreaterThan(mette.claims.auth_time!);
    expect(tokens.claims()!.sub).toBe(mette.claims.sub);
  });

  it('oidcc-codereuse-30seconds: a used code is still refused 30 seconds later, and its tokens are revoked', async () => {
    const request = await authorizationRequest(rp);
    const callback = await authorizeAgain(mette.person, request.url);
    const first = await redeem(rp, request, callback);
    vi.setSystemTime(Date.now() + 31_000);
    const again = await tokenRequest({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code')!,
      redirect_uri: rp.redirectUri,
      code_verifier: request.codeVerifier,
    });
    expect(again.body['error']).toBe('invalid_grant');
    expect(await userinfoStatus(first.access_token)).toBe(401);
  });
});
