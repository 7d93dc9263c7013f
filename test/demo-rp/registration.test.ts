// The demo RP's client registration: valid for Kontekst's client schema, with the brief's exact metadata.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { demoRelyingParty } from '../../src/demo-rp/index.ts';
import { demoClientRegistration, generateClientSecret } from '../../src/demo-rp/registration.ts';
import { parseClient } from '../../src/oidc/clients.ts';

describe('demo RP client registration', () => {
  it('has the exact metadata Kontekst registers, and passes the strict client schema', () => {
    const client = demoClientRegistration('https://kontekst.example', 'x'.repeat(43));
    expect(client).toEqual({
      client_id: 'demo-digital-post',
      client_name: 'Digital Post (demo)',
      client_secret: 'x'.repeat(43),
      token_endpoint_auth_method: 'client_secret_basic',
      redirect_uris: ['https://kontekst.example/demo-rp/callback'],
      post_logout_redirect_uris: ['https://kontekst.example/demo-rp/'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      identity_types: ['private', 'professional'],
      entitlements: ['cpr', 'mitid'],
      first_party: true,
      privilege_namespaces: ['urn:dk:digitalpost:'],
      admin_operator: false,
    });
    expect(parseClient(client, 'round trip')).toEqual(client);
  });

  it('refuses a secret shorter than 32 characters (the schema is really applied)', () => {
    expect(() => demoClientRegistration('https://kontekst.example', 'short')).toThrow(/at least 32 characters/);
  });

  it('generates a fresh random secret of at least 32 URL-safe characters each time', () => {
    const secrets = new Set(Array.from({ length: 20 }, generateClientSecret));
    expect(secrets.size).toBe(20);
    for (const secret of secrets) expect(secret).toMatch(/^[\w-]{43}$/);
  });

  it('demoRelyingParty(config) derives its URLs from PUBLIC_URL and returns a router with the /demo-rp routes', async () => {
    const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'http://127.0.0.1:4567', LOG_LEVEL: 'silent' });
    const first = await demoRelyingParty(config);
    const second = await demoRelyingParty(config);
    expect(first.client.redirect_uris).toEqual(['http://127.0.0.1:4567/demo-rp/callback']);
    expect(first.client.post_logout_redirect_uris).toEqual(['http://127.0.0.1:4567/demo-rp/']);
    expect(first.client.client_secret).not.toBe(second.client.client_secret);
    const paths = first.router.stack.map((layer) => layer.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/demo-rp',
        '/demo-rp/',
        '/demo-rp/login',
        '/demo-rp/callback',
        '/demo-rp/logout',
        '/demo-rp/assets/demo-rp.css',
      ]),
    );
  });
});
