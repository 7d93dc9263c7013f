// Switching context is a new login: the old context's session ends, its relying parties get logout tokens for the OLD sub only.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import { Person, authorizationRequest, choose, consent, discoverRp, loginAt, redeem, testClient, type TestRp } from '../support/journey.ts';
import { DEMO_LOGINS, PRIVATE_IDENTIFIERS } from '../support/demo-people.ts';
import { startBackchannelReceiver, type BackchannelReceiver } from '../support/backchannel-receiver.ts';
import { logIn, pressEndSessionButton, verifyLogoutToken, type LoggedIn } from './logout-support.ts';

let kontekst: RunningKontekst;
let receiver: BackchannelReceiver;
let rpA: TestRp;
let rpB: TestRp;

beforeAll(async () => {
  receiver = await startBackchannelReceiver();
  const a = testClient({ client_id: 'switch-rp-a', backchannel_logout_uri: receiver.uriFor('switch-rp-a') });
  const b = testClient({ client_id: 'switch-rp-b', backchannel_logout_uri: receiver.uriFor('switch-rp-b') });
  kontekst = await startKontekst({ build: { extraClients: [a, b] } });
  rpA = await discoverRp(kontekst.url, a);
  rpB = await discoverRp(kontekst.url, b);
});
afterAll(async () => {
  await kontekst?.close();
  await receiver?.close();
});
beforeEach(() => receiver.clear());

async function userinfoWorks(rp: TestRp, login: LoggedIn): Promise<boolean> {
  try {
    await client.fetchUserInfo(rp.config, login.accessToken, String(login.claims.sub));
    return true;
  } catch {
    return false;
  }
}

/** The logout tokens received for one client, verified, as payloads. */
async function logoutPayloads(name: string, rp: TestRp) {
  return Promise.all(receiver.for(name).map(async (delivery) => (await verifyLogoutToken(delivery.logoutToken!, rp)).payload));
}

describe('switching context ends the previous context session cleanly', () => {
  it('private → professional with prompt=select_account: logout tokens for the old private sub only, new tokens professional only', async () => {
    const person = new Person(kontekst.url);
    const oldA = await logIn(person, rpA, 'jens.hansen', { contextKey: 'private', params: { scope: 'openid profile' } });
    const oldB = await logIn(person, rpB, 'jens.hansen', { params: { scope: 'openid profile' } });
    expect(oldA.claims['identity_type']).toBe('private');
    expect(oldB.claims['identity_type']).toBe('private');
    expect(receiver.received).toHaveLength(0);

    // A new login at A in another context: one click through the upstream session, then the chooser.
    const request = await authorizationRequest(rpA, { scope: 'openid profile professional', prompt: 'select_account' });
    let stop = await loginAt(person, request.url, DEMO_LOGINS['jens.hansen']);
    stop = await choose(person, stop, 'professional:cvr:12345674');
    // oidc-provider ends the old session first (end_session_confirm), then resumes the authorization.
    expect(stop.kind === 'page' && stop.page.forms.some((form) => form.action.pathname === '/session/end/confirm')).toBe(true);
    stop = await pressEndSessionButton(person, stop);
    if (stop.kind === 'page' && stop.page.name === 'consent') stop = await consent(person, stop, 'allow');
    expect(stop.kind).toBe('callback');
    if (stop.kind !== 'callback') return;
    const tokens = await redeem(rpA, request, stop.callbackUrl);
    const fresh = tokens.claims()!;

    // Both relying parties of the old session heard of its end, for the old (private) sub and sid.
    await receiver.waitFor(2);
    const [tokenA] = await logoutPayloads('switch-rp-a', rpA);
    const [tokenB] = await logoutPayloads('switch-rp-b', rpB);
    expect(receiver.received).toHaveLength(2);
    expect(tokenA!.sub).toBe(oldA.claims.sub);
    expect(tokenA!['sid']).toBe(oldA.claims['sid']);
    expect(tokenB!.sub).toBe(oldB.claims.sub);
    expect(tokenB!['sid']).toBe(oldB.claims['sid']);

    // The new tokens are for the professional context only.
    expect(fresh['identity_type']).toBe('professional');
    expect(fresh['professional.cvr']).toBe('12345674');
    expect(fresh.sub).not.toBe(oldA.claims.sub);
    expect(fresh['sid']).not.toBe(oldA.claims['sid']);
    for (const claim of ['dk.cpr', 'mitid.uuid', 'birthdate']) expect(fresh).not.toHaveProperty(claim);
    expect(tokenA!.sub).not.toBe(fresh.sub);

    // The old context's tokens stopped working; B's next login is in the new context.
    expect(await userinfoWorks(rpA, oldA)).toBe(false);
    expect(await userinfoWorks(rpB, oldB)).toBe(false);
    const newB = await logIn(person, rpB, 'jens.hansen', { params: { scope: 'openid profile professional' } });
    expect(newB.claims['identity_type']).toBe('professional');
    expect(newB.claims.sub).not.toBe(oldB.claims.sub);
    // Logging in at B in the same (new) context ends nothing.
    expect(receiver.received).toHaveLength(2);
  });

  it('professional → private with login_hint=private: logout tokens carry the professional sub, never a private identifier', async () => {
    const person = new Person(kontekst.url);
    const oldA = await logIn(person, rpA, 'jens.hansen', {
      contextKey: 'professional:cvr:12345674',
      params: { scope: 'openid professional' },
    });
    expect(oldA.claims['identity_type']).toBe('professional');

    const fresh = await logIn(person, rpB, 'jens.hansen', { params: { scope: 'openid profile', login_hint: 'private' } });
    expect(fresh.claims['identity_type']).toBe('private');

    await receiver.waitFor(1);
    expect(receiver.for('switch-rp-b')).toHaveLength(0);
    const [tokenA] = await logoutPayloads('switch-rp-a', rpA);
    expect(receiver.received).toHaveLength(1);
    expect(tokenA!.sub).toBe(oldA.claims.sub);
    expect(tokenA!['sid']).toBe(oldA.claims['sid']);
    const raw = Buffer.from(receiver.received[0]!.logoutToken!.split('.')[1]!, 'base64url').toString();
    const jens = PRIVATE_IDENTIFIERS['jens.hansen'];
    for (const secret of [jens.cpr, jens.mitidUuid, jens.birthdate]) expect(raw).not.toContain(secret);
    expect(await userinfoWorks(rpA, oldA)).toBe(false);
  });

  it('an offline grant of the old context survives the switch (offline_access) but stays bound to its context', async () => {
    const person = new Person(kontekst.url);
    const old = await logIn(person, rpA, 'jens.hansen', {
      contextKey: 'private',
      params: { scope: 'openid profile offline_access', prompt: 'consent' },
    });
    expect(old.refreshToken).toBeDefined();
    const fresh = await logIn(person, rpA, 'jens.hansen', {
      contextKey: 'professional:cvr:12345674',
      params: { scope: 'openid professional', prompt: 'select_account' },
    });
    expect(fresh.claims['identity_type']).toBe('professional');
    await receiver.waitFor(1);
    expect((await logoutPayloads('switch-rp-a', rpA))[0]!.sub).toBe(old.claims.sub);

    const refreshed = await client.refreshTokenGrant(rpA.config, old.refreshToken!);
    const claims = refreshed.claims()!;
    expect(claims['identity_type']).toBe('private');
    expect(claims.sub).toBe(old.claims.sub);
    expect(Object.keys(claims).filter((claim) => claim.startsWith('professional'))).toEqual([]);
    const userinfo = await client.fetchUserInfo(rpA.config, refreshed.access_token, String(old.claims.sub));
    expect(userinfo['identity_type']).toBe('private');
    expect(Object.keys(userinfo).filter((claim) => claim.startsWith('professional'))).toEqual([]);
  });
});
