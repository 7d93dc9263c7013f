// Client authentication at the token endpoint (secret basic/post, public + PKCE) and client metadata validation errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import type { RunningKontekst } from '../support/kontekst.ts';
import { loginAt, testClient, TEST_RP_REDIRECT } from '../support/journey.ts';
import { DEMO_LOGINS } from '../support/demo-people.ts';
import { ClientConfigError, parseClient } from '../../src/oidc/clients.ts';
import { callbackOf, discoverRp, expectSeparated, logIn, Person, startConformanceKontekst, type TestRp } from './support.ts';

let kontekst: RunningKontekst;
const basicClient = testClient({ client_id: 'auth-basic' });
const postClient = testClient({ client_id: 'auth-post', token_endpoint_auth_method: 'client_secret_post' });
const publicClient = testClient({ client_id: 'auth-public', token_endpoint_auth_method: 'none', client_secret: undefined });

beforeAll(async () => {
  kontekst = await startConformanceKontekst([basicClient, postClient, publicClient]);
});
afterAll(() => kontekst.close());

async function rpFor(registration: typeof basicClient, auth: client.ClientAuth): Promise<TestRp> {
  const config = await client.discovery(new URL(kontekst.url), registration.client_id, undefined, auth, {
    execute: [client.allowInsecureRequests],
  });
  return { config, registration, redirectUri: TEST_RP_REDIRECT };
}

describe('token endpoint client authentication', () => {
  it('client_secret_basic', async () => {
    const rp = await discoverRp(kontekst.url, basicClient);
    const login = await logIn(rp, 'nr-jens', { params: { scope: 'openid professional' } });
    expect(login.claims['professional.cvr']).toBe('34567891');
    expectSeparated(login.claims, 'professional');
  });

  it('client_secret_post', async () => {
    const rp = await rpFor(postClient, client.ClientSecretPost(postClient.client_secret!));
    const login = await logIn(rp, 'mette.larsen');
    expect(login.claims['identity_type']).toBe('private');
  });

  it('a secret client may send its secret either way (oidc-provider treats basic and post as one method)', async () => {
    const rp = await rpFor(postClient, client.ClientSecretBasic(postClient.client_secret!));
    expect((await logIn(rp, 'mette.larsen')).tokens.access_token).toBeTruthy();
  });

  it('a wrong secret is invalid_client (401), by either transport', async () => {
    for (const auth of [client.ClientSecretBasic('wrong-secret-wrong-secret-wrong-secret'), client.ClientSecretPost('wrong-secret-wrong-secret-wrong-secret')]) {
      const rp = await rpFor(basicClient, auth);
      await expect(logIn(rp, 'mette.larsen')).rejects.toSatisfy((error) =>
        JSON.stringify({ error, cause: (error as { cause?: unknown }).cause }).includes('invalid_client'));
    }
  });

  it('a public client cannot pretend to be a confidential one: client_id without secret is invalid_client', async () => {
    const response = await fetch(`${kontekst.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'x', client_id: basicClient.client_id }).toString(),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_client');
  });

  it('public client (none) with PKCE works; without PKCE it is refused before anyone logs in', async () => {
    const rp = await rpFor(publicClient, client.None());
    const login = await logIn(rp, 'mette.larsen');
    expect(login.tokens.access_token).toBeTruthy();
    const request = client.buildAuthorizationUrl(rp.config, { redirect_uri: TEST_RP_REDIRECT, scope: 'openid', state: 'x' });
    const callback = callbackOf(await loginAt(new Person(kontekst.url), request, DEMO_LOGINS['mette.larsen']));
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('error_description')).toMatch(/PKCE/);
  });
});

describe('client metadata validation (config/clients/*.json): which field, and why', () => {
  const base = { client_id: 'x', redirect_uris: ['https://rp.example/cb'] };
  const errorOf = (metadata: Record<string, unknown>): string => {
    try {
      parseClient({ ...base, ...metadata }, 'clients/x.json');
    } catch (error) {
      expect(error).toBeInstanceOf(ClientConfigError);
      return (error as Error).message;
    }
    throw new Error('expected the metadata to be refused');
  };

  it('names an unknown (misspelled) field', () => {
    expect(errorOf({ client_secret: 's'.repeat(40), redirect_uri: ['https://rp.example/cb'] })).toMatch(/clients\/x\.json.*\n.*redirect_uri/s);
  });
  it('a secret method without a secret', () => {
    expect(errorOf({ token_endpoint_auth_method: 'client_secret_post' })).toContain('✖ required for token_endpoint_auth_method "client_secret_post"\n      → at client_secret');
  });
  it('private_key_jwt without keys, and with both jwks and jwks_uri', () => {
    expect(errorOf({ token_endpoint_auth_method: 'private_key_jwt' })).toMatch(/✖ private_key_jwt needs.*\n\s+→ at jwks$/m);
    expect(errorOf({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ kty: 'EC' }] }, jwks_uri: 'https://rp.example/jwks' }))
      .toContain('✖ give "jwks" or "jwks_uri", not both\n      → at jwks_uri');
  });
  it('a private key in jwks', () => {
    expect(errorOf({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ kty: 'EC', d: 'secret' }] } })).toContain('public keys only');
  });
  it('an unsupported algorithm or method', () => {
    expect(errorOf({ client_secret: 's'.repeat(40), token_endpoint_auth_method: 'client_secret_jwt' })).toContain('token_endpoint_auth_method');
    expect(errorOf({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ kty: 'EC' }] }, token_endpoint_auth_signing_alg: 'HS256' }))
      .toContain('token_endpoint_auth_signing_alg');
    expect(errorOf({ client_secret: 's'.repeat(40), id_token_signed_response_alg: 'none' })).toContain('id_token_signed_response_alg');
  });
  it('a public client with a secret, or with client_credentials', () => {
    expect(errorOf({ token_endpoint_auth_method: 'none', client_secret: 's'.repeat(40) })).toContain('has no secret');
    expect(errorOf({ token_endpoint_auth_method: 'none', grant_types: ['client_credentials'] })).toContain('grant_types');
  });
  it('a signing alg without private_key_jwt, and signed request objects without keys', () => {
    expect(errorOf({ client_secret: 's'.repeat(40), token_endpoint_auth_signing_alg: 'ES256' })).toContain('only meaningful');
    expect(errorOf({ client_secret: 's'.repeat(40), request_object_signing_alg: 'ES256' })).toContain('request_object_signing_alg');
  });
  it('an entitlement that does not exist, and an empty identity_types', () => {
    expect(errorOf({ client_secret: 's'.repeat(40), entitlements: ['everything'] })).toContain('entitlements');
    expect(errorOf({ client_secret: 's'.repeat(40), identity_types: [] })).toContain('identity_types');
  });
});
