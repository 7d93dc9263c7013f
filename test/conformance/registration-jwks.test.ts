// oidcc-registration-jwks and oidcc-registration-jwks-uri: a self-registered private_key_jwt client logs in with its own key.
import { createServer, type Server } from 'node:http';
import * as client from 'openid-client';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueInitialAccessToken } from '../../src/oidc/registration.ts';
import { listen, startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import type { ClientRegistration } from '../../src/oidc/clients.ts';
import { DCR_REDIRECT, logIn, minimalMetadata, register, type Json } from '../cli/support/registration.ts';

let kontekst: RunningKontekst;
let iat: string;
let jwksServer: Server;
let jwksUrl: string;
let rpKey: { privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey']; publicJwk: Json };

beforeAll(async () => {
  kontekst = await startKontekst();
  ({ token: iat } = await issueInitialAccessToken(kontekst.kontekst.provider, { expiresInSeconds: 600 }));
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  rpKey = { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid: 'rp-es256', alg: 'ES256', use: 'sig' } };
  // The relying party's own JWKS endpoint (jwks_uri).
  jwksServer = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [rpKey.publicJwk] }));
  });
  jwksUrl = `http://127.0.0.1:${await listen(jwksServer)}/jwks.json`;
});
afterAll(async () => {
  await kontekst.close();
  await new Promise((resolve) => jwksServer.close(resolve));
});

async function privateKeyJwtRp(clientId: string) {
  const config = await client.discovery(
    new URL(kontekst.url),
    clientId,
    { token_endpoint_auth_method: 'private_key_jwt' },
    client.PrivateKeyJwt({ key: rpKey.privateKey, kid: 'rp-es256' }),
    { execute: [client.allowInsecureRequests] },
  );
  return { config, redirectUri: DCR_REDIRECT, registration: { client_id: clientId, redirect_uris: [DCR_REDIRECT] } as ClientRegistration };
}

describe.each([
  ['oidcc-registration-jwks', () => ({ jwks: { keys: [rpKey.publicJwk] } })],
  ['oidcc-registration-jwks-uri', () => ({ jwks_uri: jwksUrl })],
])('%s', (_module, keys) => {
  it('registers a private_key_jwt client without a secret, which then logs in with a signed client assertion', async () => {
    const created = await register(
      kontekst.url,
      iat,
      minimalMetadata({
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        ...keys(),
      }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body['client_secret']).toBeUndefined();
    const tokens = await logIn(kontekst.url, await privateKeyJwtRp(String(created.body['client_id'])), 'openid');
    expect(tokens.claims()!['aud']).toBe(created.body['client_id']);
  });
});

describe('client keys in registration', () => {
  it('refuses jwks and jwks_uri together', async () => {
    const refused = await register(
      kontekst.url,
      iat,
      minimalMetadata({
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [rpKey.publicJwk] },
        jwks_uri: jwksUrl,
      }),
    );
    expect(refused.body['error']).toBe('invalid_client_metadata');
    expect(String(refused.body['error_description'])).toMatch(/jwks and jwks_uri/);
  });

  it('refuses private keys in jwks', async () => {
    const privateJwk = await exportJWK(rpKey.privateKey);
    const refused = await register(
      kontekst.url,
      iat,
      minimalMetadata({
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [{ ...privateJwk, kid: 'oops' }] },
      }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body['error']).toBe('invalid_client_metadata');
  });
});
