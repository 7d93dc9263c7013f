// Refresh with the client's full configured scope (as mod_auth_openidc and Authlib send it): narrowed to the grant
// when the context excluded the extra scopes, refused when the client never had them. Both contexts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { narrowedRefreshScopes } from '../../src/oidc/refresh-narrowing.ts';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import { Person, authorizationRequest, choose, discoverRp, loginAt, redeem, testClient, type TestRp } from '../support/journey.ts';
import { DEMO_LOGINS } from '../support/demo-people.ts';

describe('narrowedRefreshScopes', () => {
  const granted = new Set(['openid', 'profile', 'professional', 'offline_access']);
  it('narrows scopes only the other context serves, for an entitled client', () => {
    expect(narrowedRefreshScopes(['openid', 'profile', 'cpr', 'mitid', 'professional', 'offline_access'], granted, 'professional', ['cpr', 'mitid']))
      .toEqual(['openid', 'profile', 'professional', 'offline_access']);
    expect(narrowedRefreshScopes(['openid', 'professional', 'privileges', 'email'], new Set(['openid']), 'private', [])).toEqual(['openid']);
  });
  it('leaves the request alone when nothing is extra, or when an extra scope is one the client never had', () => {
    expect(narrowedRefreshScopes(['openid', 'profile'], granted, 'professional', [])).toBeUndefined();
    expect(narrowedRefreshScopes(['openid', 'cpr'], granted, 'professional', [])).toBeUndefined(); // not entitled
    expect(narrowedRefreshScopes(['openid', 'email'], new Set(['openid']), 'professional', [])).toBeUndefined(); // servable, not granted
    expect(narrowedRefreshScopes(['openid', 'cpr', 'nonsense'], granted, 'professional', ['cpr'])).toBeUndefined();
  });
});

const FULL_SCOPE = 'openid profile email cpr mitid professional privileges offline_access';
let kontekst: RunningKontekst;
let entitled: TestRp;
let unentitled: TestRp;

beforeAll(async () => {
  const entitledClient = testClient({ client_id: 'refresh-entitled', entitlements: ['cpr', 'mitid'] });
  const unentitledClient = testClient({ client_id: 'refresh-unentitled' });
  kontekst = await startKontekst({ build: { extraClients: [entitledClient, unentitledClient] } });
  entitled = await discoverRp(kontekst.url, entitledClient);
  unentitled = await discoverRp(kontekst.url, unentitledClient);
});
afterAll(() => kontekst.close());

async function loginWithFullScope(rp: TestRp, userId: string, context: string, scope = FULL_SCOPE) {
  const request = await authorizationRequest(rp, { scope, prompt: 'select_account consent' });
  const person = new Person(kontekst.url);
  const stop = await choose(person, await loginAt(person, request.url, DEMO_LOGINS[userId]), context);
  if (stop.kind !== 'callback') throw new Error('no callback');
  return redeem(rp, request, stop.callbackUrl);
}

describe('refresh_token grant with the full configured scope', () => {
  it('after a professional login: narrowed to the granted scopes, no cpr or mitid', async () => {
    const tokens = await loginWithFullScope(entitled, 'jens.hansen', 'professional:cvr:12345674');
    expect(tokens.scope?.split(' ')).not.toContain('cpr');
    const refreshed = await client.refreshTokenGrant(entitled.config, tokens.refresh_token!, { scope: FULL_SCOPE });
    expect(refreshed.scope?.split(' ').sort()).toEqual(tokens.scope?.split(' ').sort());
    const claims = refreshed.claims()!;
    expect(claims['identity_type']).toBe('professional');
    expect(claims['dk.cpr']).toBeUndefined();
    expect(claims['mitid.uuid']).toBeUndefined();
    // The narrowed refresh consumed the token once: the new one works, the old one is spent.
    await expect(client.refreshTokenGrant(entitled.config, refreshed.refresh_token!, { scope: FULL_SCOPE })).resolves.toBeDefined();
  });

  it('after a private login: narrowed without the professional scopes', async () => {
    const tokens = await loginWithFullScope(entitled, 'jens.hansen', 'private');
    expect(tokens.scope?.split(' ')).toContain('cpr');
    expect(tokens.scope?.split(' ')).not.toContain('professional');
    const refreshed = await client.refreshTokenGrant(entitled.config, tokens.refresh_token!, { scope: FULL_SCOPE });
    expect(refreshed.scope?.split(' ').sort()).toEqual(tokens.scope?.split(' ').sort());
    expect(refreshed.claims()!['identity_type']).toBe('private');
  });

  it('still refuses a scope the client never had (cpr without the entitlement), and the refresh token stays usable', async () => {
    const tokens = await loginWithFullScope(unentitled, 'jens.hansen', 'professional:cvr:12345674', 'openid profile professional offline_access');
    const refused = client.refreshTokenGrant(unentitled.config, tokens.refresh_token!, { scope: 'openid profile professional cpr offline_access' });
    await expect(refused).rejects.toMatchObject({ error: 'invalid_scope' });
    await expect(client.refreshTokenGrant(unentitled.config, tokens.refresh_token!)).resolves.toBeDefined();
  });
});
