// Registration policy (RFC 7591 behind initial access tokens): what a self-registered client may and may not ask for.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigningKeySet } from '../../src/oidc/key-rotation.ts';
import { issueInitialAccessToken } from '../../src/oidc/registration.ts';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import { minimalMetadata, register } from '../cli/support/registration.ts';

let dev: RunningKontekst;
let devIat: string;

beforeAll(async () => {
  dev = await startKontekst();
  ({ token: devIat } = await issueInitialAccessToken(dev.kontekst.provider, { expiresInSeconds: 600 }));
});
afterAll(() => dev.close());

function expectRefused(answer: { status: number; body: Record<string, unknown> }, field: string) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(400);
  // RFC 7591 §3.2.2: redirection URIs have their own error code; every other field is invalid_client_metadata.
  expect(answer.body['error']).toBe(field === 'redirect_uris' ? 'invalid_redirect_uri' : 'invalid_client_metadata');
  expect(String(answer.body['error_description'])).toMatch(new RegExp(`^${field}: `));
}

describe('initial access token', () => {
  it('is required: no token gets 401 invalid_token', async () => {
    const answer = await register(dev.url, undefined, minimalMetadata());
    expect(answer.status).toBe(401);
    expect(answer.body['error']).toBe('invalid_token');
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  it('must be one Kontekst issued', async () => {
    const answer = await register(dev.url, 'not-a-token-kontekst-issued', minimalMetadata());
    expect(answer.status).toBe(401);
    expect(answer.body['error']).toBe('invalid_token');
  });

  it('stops working when it expires', async () => {
    const { token } = await issueInitialAccessToken(dev.kontekst.provider, { expiresInSeconds: 1 });
    expect((await register(dev.url, token, minimalMetadata())).status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await register(dev.url, token, minimalMetadata())).status).toBe(401);
  });
});

describe('operator-only metadata is never self-registrable', () => {
  it('refuses entitlements (cpr, mitid)', async () => {
    expectRefused(await register(dev.url, devIat, minimalMetadata({ entitlements: ['cpr'] })), 'entitlements');
    expectRefused(await register(dev.url, devIat, minimalMetadata({ entitlements: ['mitid'] })), 'entitlements');
  });

  it('refuses the admin API operator flag and rights namespaces (operator-only)', async () => {
    expectRefused(await register(dev.url, devIat, minimalMetadata({ admin_operator: true })), 'admin_operator');
    expectRefused(
      await register(dev.url, devIat, minimalMetadata({ privilege_namespaces: ['urn:dk:digitalpost:'] })),
      'privilege_namespaces',
    );
  });

  it('refuses first_party (pre-consent)', async () => {
    expectRefused(await register(dev.url, devIat, minimalMetadata({ first_party: true })), 'first_party');
  });

  it('refuses entitled scopes in the scope metadata', async () => {
    expectRefused(await register(dev.url, devIat, minimalMetadata({ scope: 'openid profile cpr' })), 'scope');
  });

  it('accepts the defaults spelled out (no entitlements, not first party) and stores none', async () => {
    const answer = await register(dev.url, devIat, minimalMetadata({ entitlements: [], first_party: false }));
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body['entitlements'] ?? []).toEqual([]);
    expect(answer.body['first_party'] ?? false).toBe(false);
  });
});

describe('identity_types', () => {
  it('is self-registrable', async () => {
    const answer = await register(dev.url, devIat, minimalMetadata({ identity_types: ['professional'] }));
    expect(answer.status).toBe(201);
    expect(answer.body['identity_types']).toEqual(['professional']);
  });

  it('must name private and/or professional', async () => {
    expectRefused(await register(dev.url, devIat, minimalMetadata({ identity_types: ['business'] })), 'identity_types');
    expectRefused(await register(dev.url, devIat, minimalMetadata({ identity_types: [] })), 'identity_types');
  });
});

describe('redirect URIs in development', () => {
  it.each(['https://rp.example/cb', 'http://localhost:8080/cb', 'http://127.0.0.1:8080/cb'])('accepts %s', async (uri) => {
    const answer = await register(dev.url, devIat, minimalMetadata({ redirect_uris: [uri] }));
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body['redirect_uris']).toEqual([uri]);
  });

  it('refuses http on other hosts, naming the field', async () => {
    expectRefused(await register(dev.url, devIat, minimalMetadata({ redirect_uris: ['http://rp.example/cb'] })), 'redirect_uris');
    expectRefused(
      await register(dev.url, devIat, minimalMetadata({ post_logout_redirect_uris: ['http://rp.example/'] })),
      'post_logout_redirect_uris',
    );
  });
});

describe('redirect URIs in production', () => {
  let prod: RunningKontekst;
  let keysDir: string;
  let prodIat: string;

  beforeAll(async () => {
    keysDir = await mkdtemp(join(tmpdir(), 'kontekst-prod-keys-'));
    await SigningKeySet.create(keysDir);
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const upstream = { ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig', kid: 'upstream-test-es256' };
    await writeFile(join(keysDir, 'upstream-client.jwks.json'), JSON.stringify({ keys: [upstream] }));
    prod = await startKontekst({
      env: {
        NODE_ENV: 'production',
        KEYS_DIR: keysDir,
        COOKIE_SECRETS: 'production-cookie-secret-for-the-test-0123456789',
        PAIRWISE_SALT: 'production-pairwise-salt-for-the-test',
        WORLD_FILE: 'config/demo-world.json',
        // Production wants an https issuer and upstream (never the simulator); requests still reach the test server
        // over plain HTTP, and this test never logs in, so the broker is never contacted.
        PUBLIC_URL: 'https://kontekst.test',
        UPSTREAM_ISSUER: 'https://mitid-broker.test',
        // A single in-process server: the documented single-node trial opt-in.
        ALLOW_MEMORY_STORAGE_IN_PRODUCTION: 'true',
        TRUST_PROXY: 'true',
      },
    });
    ({ token: prodIat } = await issueInitialAccessToken(prod.kontekst.provider, { expiresInSeconds: 600 }));
  });
  afterAll(async () => {
    await prod?.close();
    await rm(keysDir, { recursive: true, force: true });
  });

  it('refuses http, even on localhost', async () => {
    expectRefused(await register(prod.url, prodIat, minimalMetadata({ redirect_uris: ['http://localhost:8080/cb'] })), 'redirect_uris');
    expectRefused(
      await register(prod.url, prodIat, minimalMetadata({ backchannel_logout_uri: 'http://localhost:8080/bcl' })),
      'backchannel_logout_uri',
    );
  });

  it('accepts https', async () => {
    const answer = await register(prod.url, prodIat, minimalMetadata());
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  });
});
