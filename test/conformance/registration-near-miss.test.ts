// Dynamic registration refuses misspelt Kontekst metadata (identity_type, first-party, …) instead of ignoring it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueInitialAccessToken } from '../../src/oidc/registration.ts';
import { KONTEKST_CLIENT_PROPERTIES } from '../../src/oidc/client-metadata.ts';
import { nearMissOf } from '../../src/oidc/metadata-near-miss.ts';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import { manage, minimalMetadata, register, updateBody } from '../cli/support/registration.ts';

describe('nearMissOf', () => {
  it.each([
    ['identity_type', 'identity_types'], ['identityTypes', 'identity_types'], ['Identity-Types', 'identity_types'], ['identity_tpyes', 'identity_types'],
    ['entitlement', 'entitlements'], ['entitelments', 'entitlements'], ['first-party', 'first_party'], ['firstParty', 'first_party'], ['first_partie', 'first_party'],
  ])('%s is a near miss of %s', (asked, meant) => {
    expect(nearMissOf(asked, KONTEKST_CLIENT_PROPERTIES)).toBe(meant);
  });

  it.each(['identity_types', 'entitlements', 'first_party', 'client_name', 'redirect_uris', 'token_endpoint_auth_method', 'software_id', 'tos_uri', 'jwks'])(
    '%s is not', (name) => {
      expect(nearMissOf(name, KONTEKST_CLIENT_PROPERTIES)).toBeUndefined();
    },
  );
});

describe('POST /reg and PUT on the registration URI', () => {
  let kontekst: RunningKontekst;
  let iat: string;
  beforeAll(async () => {
    kontekst = await startKontekst();
    ({ token: iat } = await issueInitialAccessToken(kontekst.kontekst.provider, { expiresInSeconds: 600 }));
  });
  afterAll(() => kontekst.close());

  it.each([
    ['identity_type', ['private']],
    ['entitlement', ['cpr']],
    ['first-party', true],
  ])('refuse %s with invalid_client_metadata naming the field', async (field, value) => {
    const refused = await register(kontekst.url, iat, minimalMetadata({ [field]: value }));
    expect(refused.status).toBe(400);
    expect(refused.body['error']).toBe('invalid_client_metadata');
    expect(String(refused.body['error_description'])).toMatch(new RegExp(`^${field}: is not a Kontekst client metadata name; did you mean \\w+\\?$`));
  });

  it('accept the right name, and refuse a near miss on update while the client stays as it was', async () => {
    const created = await register(kontekst.url, iat, minimalMetadata({ identity_types: ['private'] }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body['identity_types']).toEqual(['private']);
    const updated = await manage(created.body, 'PUT', updateBody(created.body, { identityTypes: ['professional'] }));
    expect(updated.status).toBe(400);
    expect(updated.body['error_description']).toMatch(/^identityTypes: .*did you mean identity_types\?$/);
    const read = await manage(created.body, 'GET');
    expect(read.body['identity_types']).toEqual(['private']);
  });
});
