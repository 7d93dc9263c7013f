// oidcc-registration-logo-uri, -policy-uri, -tos-uri: registered, read back (RFC 7592), the client logs in; bad values named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueInitialAccessToken } from '../../src/oidc/registration.ts';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import { logIn, manage, minimalMetadata, register, rpFor } from '../cli/support/registration.ts';

let kontekst: RunningKontekst;
let iat: string;

beforeAll(async () => {
  kontekst = await startKontekst();
  ({ token: iat } = await issueInitialAccessToken(kontekst.kontekst.provider, { expiresInSeconds: 600 }));
});
afterAll(() => kontekst.close());

describe.each([
  ['oidcc-registration-logo-uri', 'logo_uri', 'https://rp.example/logo.png'],
  ['oidcc-registration-policy-uri', 'policy_uri', 'https://rp.example/privacy'],
  ['oidcc-registration-tos-uri', 'tos_uri', 'https://rp.example/terms'],
])('%s', (_module, field, value) => {
  it(`registers ${field}, returns it on read, and the client logs in`, async () => {
    const created = await register(kontekst.url, iat, minimalMetadata({ [field]: value }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body[field]).toBe(value);
    const read = await manage(created.body, 'GET');
    expect(read.body[field]).toBe(value);
    const tokens = await logIn(
      kontekst.url,
      await rpFor(kontekst.url, String(created.body['client_id']), String(created.body['client_secret'])),
      'openid',
    );
    expect(tokens.claims()!['aud']).toBe(created.body['client_id']);
  });

  it(`refuses a ${field} that is not a URL, naming the field`, async () => {
    const refused = await register(kontekst.url, iat, minimalMetadata({ [field]: 'not a url' }));
    expect(refused.status).toBe(400);
    expect(refused.body['error']).toBe('invalid_client_metadata');
    expect(String(refused.body['error_description'])).toContain(field);
  });
});
