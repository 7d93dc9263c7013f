// OpenID Foundation "oidcc-config-certification-test-plan": discovery advertises exactly what is enabled, and it works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import type { RunningKontekst } from '../support/kontekst.ts';
import { follow, testClient } from '../support/journey.ts';
import { ACR_VALUES } from '../../src/domain/mitid.ts';
import { CLAIMS_BY_SCOPE } from '../../src/contexts/claims-profile.ts';
import { authorizationRequest, discoverRp, logIn, startConformanceKontekst, type Login, type TestRp } from './support.ts';

let kontekst: RunningKontekst;
let rp: TestRp;
let metadata: Record<string, unknown>;
let login: Login;
const registration = testClient({ client_id: 'oidcc-config-rp' });

/** Every key Kontekst may advertise; registration_endpoint depends on the registration feature (its own helper). */
const EXPECTED_KEYS = [
  'issuer',
  'authorization_endpoint',
  'token_endpoint',
  'userinfo_endpoint',
  'jwks_uri',
  'end_session_endpoint',
  'introspection_endpoint',
  'revocation_endpoint',
  'pushed_authorization_request_endpoint',
  'scopes_supported',
  'claims_supported',
  'claim_types_supported',
  'claims_parameter_supported',
  'response_types_supported',
  'response_modes_supported',
  'grant_types_supported',
  'subject_types_supported',
  'acr_values_supported',
  'code_challenge_methods_supported',
  'ui_locales_supported',
  'token_endpoint_auth_methods_supported',
  'token_endpoint_auth_signing_alg_values_supported',
  'id_token_signing_alg_values_supported',
  'request_object_signing_alg_values_supported',
  'request_parameter_supported',
  'request_uri_parameter_supported',
  'dpop_signing_alg_values_supported',
  'authorization_response_iss_parameter_supported',
  'backchannel_logout_supported',
  'backchannel_logout_session_supported',
];
const OPTIONAL_KEYS = ['registration_endpoint'];

beforeAll(async () => {
  kontekst = await startConformanceKontekst([registration]);
  rp = await discoverRp(kontekst.url, registration);
  metadata = (await (await fetch(`${kontekst.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
  login = await logIn(rp, 'mette.larsen');
});
afterAll(() => kontekst.close());

async function status(url: unknown, init: RequestInit = {}): Promise<number> {
  const response = await fetch(String(url), { redirect: 'manual', ...init });
  await response.arrayBuffer();
  return response.status;
}

const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('oidcc-config-certification-test-plan', () => {
  it('oidcc-discovery-issuer-not-matching-config: issuer equals the URL discovery was fetched from', () => {
    expect(metadata['issuer']).toBe(kontekst.url);
    expect(rp.config.serverMetadata().issuer).toBe(kontekst.url);
  });

  it('oidcc-discovery-endpoint-verification: exactly the enabled features, nothing else', () => {
    const keys = Object.keys(metadata)
      .filter((key) => !OPTIONAL_KEYS.includes(key))
      .sort();
    expect(keys).toEqual([...EXPECTED_KEYS].sort());
    expect(metadata['response_types_supported']).toEqual(['code']);
    // client_credentials: only for the admin API's operator clients (see the next tests and test/e2e/administration.test.ts).
    expect(metadata['grant_types_supported']).toEqual(['authorization_code', 'refresh_token', 'client_credentials']);
    expect(metadata['subject_types_supported']).toEqual(['pairwise']);
    expect(metadata['code_challenge_methods_supported']).toEqual(['S256']);
    expect(metadata['acr_values_supported']).toEqual(ACR_VALUES);
    expect(metadata['token_endpoint_auth_methods_supported']).toEqual([
      'private_key_jwt',
      'client_secret_basic',
      'client_secret_post',
      'none',
    ]);
    expect(metadata['token_endpoint_auth_signing_alg_values_supported']).not.toContain('HS256');
    expect(metadata['request_object_signing_alg_values_supported']).not.toContain('none');
    expect(metadata['request_uri_parameter_supported']).toBe(false);
    expect(metadata['claims_parameter_supported']).toBe(true);
    expect(metadata['scopes_supported']).toEqual([...Object.keys(CLAIMS_BY_SCOPE), 'offline_access']);
    for (const claims of Object.values(CLAIMS_BY_SCOPE)) {
      for (const claim of claims) expect(metadata['claims_supported']).toContain(claim);
    }
    // Not offered, so not advertised: implicit/hybrid, device flow, CIBA, session iframes, front-channel logout, mTLS.
    for (const absent of [
      'device_authorization_endpoint',
      'backchannel_authentication_endpoint',
      'check_session_iframe',
      'frontchannel_logout_supported',
      'mtls_endpoint_aliases',
      'userinfo_signing_alg_values_supported',
      'introspection_signing_alg_values_supported',
      'authorization_signing_alg_values_supported',
    ]) {
      expect(metadata[absent], absent).toBeUndefined();
    }
  });

  it('every advertised endpoint answers (not 404), and the way the spec expects without credentials', async () => {
    expect(await status(metadata['jwks_uri'])).toBe(200);
    expect(await status(metadata['userinfo_endpoint'])).toBe(401);
    for (const endpoint of ['token_endpoint', 'introspection_endpoint', 'revocation_endpoint', 'pushed_authorization_request_endpoint']) {
      const code = await status(metadata[endpoint], form({ client_id: 'nobody', token: 'x', grant_type: 'authorization_code' }));
      expect([400, 401], endpoint).toContain(code);
    }
    expect(await status(metadata['end_session_endpoint'])).toBe(200);
    expect(await status(`${metadata['authorization_endpoint']}?client_id=${registration.client_id}`)).toBe(400);
    if (metadata['registration_endpoint'] !== undefined)
      expect(await status(metadata['registration_endpoint'], { method: 'POST' })).not.toBe(404);
  });

  it('oidcc-idtoken-rs256: the ID token is signed with an advertised algorithm and verifies against jwks_uri', async () => {
    const jwks = (await (await fetch(String(metadata['jwks_uri']))).json()) as { keys: Record<string, unknown>[] };
    for (const key of jwks.keys) expect(key['d'], 'jwks_uri must serve public keys only').toBeUndefined();
    const idToken = login.tokens.id_token!;
    const header = decodeProtectedHeader(idToken);
    expect(header.alg).toBe('RS256');
    expect(metadata['id_token_signing_alg_values_supported']).toContain(header.alg);
    const { payload } = await jwtVerify(idToken, createRemoteJWKSet(new URL(String(metadata['jwks_uri']))), {
      issuer: kontekst.url,
      audience: registration.client_id,
    });
    expect(payload.sub).toBe(login.claims.sub);
    // Every ID-token algorithm advertised has a key to sign with.
    for (const alg of metadata['id_token_signing_alg_values_supported'] as string[]) {
      expect(
        jwks.keys.some((key) => key['alg'] === alg),
        alg,
      ).toBe(true);
    }
  });

  it('advertised response modes work: query (default) and fragment; an unadvertised response type is refused', async () => {
    const fragment = await authorizationRequest(rp, { response_mode: 'fragment' });
    const stop = await follow(login.person, fragment.url);
    expect(stop.kind).toBe('callback');
    const hash = new URLSearchParams(stop.kind === 'callback' ? stop.callbackUrl.hash.slice(1) : '');
    expect(hash.get('code')).toBeTruthy();
    expect(hash.get('state')).toBe(fragment.state);

    const implicit = await authorizationRequest(rp, { response_type: 'id_token' });
    const refused = await follow(login.person, implicit.url);
    const refusal =
      refused.kind === 'callback' ? new URLSearchParams(refused.callbackUrl.hash.slice(1) || refused.callbackUrl.search) : undefined;
    expect(refusal?.get('error')).toBe('unsupported_response_type');
  });

  it('client credentials are refused to a client not registered for them', async () => {
    const response = await fetch(String(metadata['token_endpoint']), {
      ...form({ grant_type: 'client_credentials' }),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${registration.client_id}:${registration.client_secret}`).toString('base64')}`,
      },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; error_description: string };
    // oidc-provider answers invalid_request for a grant type the client is not registered for.
    expect(body.error).toBe('invalid_request');
    expect(body.error_description).toMatch(/grant type is not allowed for this client/);
  });

  it('an unknown grant type is refused at the token endpoint', async () => {
    const response = await fetch(String(metadata['token_endpoint']), {
      ...form({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code' }),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${registration.client_id}:${registration.client_secret}`).toString('base64')}`,
      },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('unsupported_grant_type');
  });

  it('request_uri (not advertised) is refused', async () => {
    const request = await authorizationRequest(rp, { request_uri: 'https://rp.example/request.jwt' });
    const stop = await follow(login.person, request.url);
    expect(stop.kind).toBe('callback');
    expect(stop.kind === 'callback' && stop.callbackUrl.searchParams.get('error')).toMatch(
      /^(request_uri_not_supported|invalid_request_uri|invalid_request)$/,
    );
  });

  it('openid-client accepts the metadata as is (discovery, PKCE S256, iss parameter)', () => {
    const server = rp.config.serverMetadata();
    expect(server.supportsPKCE()).toBe(true);
    expect(server.authorization_response_iss_parameter_supported).toBe(true);
    expect(client.ClientSecretBasic).toBeTypeOf('function');
  });
});
