// Dynamic registration end to end (oidcc-dynamic-registration, RFC 7592): register → log in → rotate the secret → delete → tokens stop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueInitialAccessToken } from '../../src/oidc/registration.ts';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import {
  introspect,
  logIn,
  manage,
  minimalMetadata,
  refreshWith,
  register,
  rpFor,
  updateBody,
  userinfoStatus,
  type Json,
} from '../cli/support/registration.ts';

let kontekst: RunningKontekst;
let iat: string;

beforeAll(async () => {
  kontekst = await startKontekst();
  ({ token: iat } = await issueInitialAccessToken(kontekst.kontekst.provider, { expiresInSeconds: 600 }));
});
afterAll(() => kontekst.close());

describe('oidcc-dynamic-registration: a self-registered client through its whole life', () => {
  it('registers, logs in, rotates its secret (old fails, new works), and once deleted its tokens stop working', async () => {
    const created = await register(
      kontekst.url,
      iat,
      minimalMetadata({ identity_types: ['private'], grant_types: ['authorization_code', 'refresh_token'] }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const registered = created.body;
    const clientId = String(registered['client_id']);
    const oldSecret = String(registered['client_secret']);
    expect(oldSecret.length).toBeGreaterThanOrEqual(43);
    expect(registered['registration_access_token']).toEqual(expect.any(String));
    expect(registered['registration_client_uri']).toBe(`${kontekst.url}/reg/${clientId}`);
    expect(registered['identity_types']).toEqual(['private']);
    expect(registered['subject_type']).toBe('pairwise');

    // Log in with the new client through Kontekst (MitID simulator, consent for a third-party client).
    const tokens = await logIn(kontekst.url, await rpFor(kontekst.url, clientId, oldSecret));
    expect(tokens.claims()!['identity_type']).toBe('private');
    expect(tokens.claims()!['aud']).toBe(clientId);
    expect(tokens.refresh_token).toEqual(expect.any(String));

    // RFC 7592 read.
    const read = await manage(registered, 'GET');
    expect(read.status).toBe(200);
    expect(read.body['client_id']).toBe(clientId);

    // An update that keeps client_secret keeps the secret…
    const kept = await manage(registered, 'PUT', updateBody(read.body, { client_name: 'Renamed RP' }));
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expect(kept.body['client_secret']).toBe(oldSecret);
    expect(kept.body['client_name']).toBe('Renamed RP');
    // …and the registration access token rotates with every update.
    expect(kept.body['registration_access_token']).not.toBe(registered['registration_access_token']);
    expect((await manage(registered, 'GET')).status).toBe(401);

    // An update that omits client_secret (RFC 7592 §2.2: omitted = delete) gets a new secret.
    const { client_secret: _omitted, ...withoutSecret } = updateBody(kept.body);
    const rotated = await manage(kept.body, 'PUT', withoutSecret);
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    const newSecret = String(rotated.body['client_secret']);
    expect(newSecret).not.toBe(oldSecret);

    const refreshToken = tokens.refresh_token!;
    const stale = await refreshWith(kontekst.url, clientId, oldSecret, refreshToken);
    expect(stale.status).toBe(401);
    expect(stale.body['error']).toBe('invalid_client');
    const fresh = await refreshWith(kontekst.url, clientId, newSecret, refreshToken);
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(200);
    const accessToken = String(fresh.body['access_token']);
    const nextRefresh = String(fresh.body['refresh_token']);
    expect((await introspect(kontekst.url, clientId, newSecret, accessToken)).body['active']).toBe(true);
    expect(await userinfoStatus(kontekst.url, accessToken)).toBe(200);

    // RFC 7592 delete: the client and its registration access token are gone…
    const deleted = await manage(rotated.body, 'DELETE');
    expect(deleted.status).toBe(204);
    expect((await manage(rotated.body, 'GET')).status).toBe(401);
    // …and its tokens stop working: userinfo refuses the access token, refresh and introspection refuse the client.
    expect(await userinfoStatus(kontekst.url, accessToken)).toBe(401);
    const refreshAfter = await refreshWith(kontekst.url, clientId, newSecret, nextRefresh);
    expect(refreshAfter.status).toBe(401);
    expect(refreshAfter.body['error']).toBe('invalid_client');
    expect((await introspect(kontekst.url, clientId, newSecret, accessToken)).status).toBe(401);
  });

  it('keeps operator-granted fields on update: a client cannot drop or raise its entitlements', async () => {
    const created = await register(kontekst.url, iat, minimalMetadata());
    expect(created.status).toBe(201);
    const raised = await manage(created.body, 'PUT', updateBody(created.body, { entitlements: ['cpr'] }));
    expect(raised.status).toBe(400);
    expect(raised.body['error']).toBe('invalid_client_metadata');
    expect(String(raised.body['error_description'])).toMatch(/^entitlements: /);
    // A refused update leaves the registration access token usable.
    const firstParty = await manage(created.body, 'PUT', updateBody(created.body, { first_party: true }));
    expect(firstParty.status).toBe(400);
    expect(String(firstParty.body['error_description'])).toMatch(/^first_party: /);
  });

  it('refuses a registration access token of another client', async () => {
    const first = (await register(kontekst.url, iat, minimalMetadata())).body;
    const second = (await register(kontekst.url, iat, minimalMetadata())).body;
    const crossed: Json = { ...first, registration_access_token: second['registration_access_token'] };
    expect((await manage(crossed, 'GET')).status).toBe(401);
  });
});
