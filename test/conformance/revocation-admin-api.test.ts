// Each revocation trigger driven through the real admin API over HTTP (bearer tokens from Kontekst's own token endpoint),
// with relying parties listening for logout tokens: the answer counts, the tokens, and refusal on every surface afterwards.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_API_PATH, ADMIN_CONSOLE_CLIENT_ID } from '../../src/domain/admin-api.ts';
import type { ClientRegistration } from '../../src/oidc/clients.ts';
import type { BackchannelReceiver } from '../support/backchannel-receiver.ts';
import { Person, testClient, type TestRp } from '../support/journey.ts';
import type { RunningKontekst } from '../support/kontekst.ts';
import { logIn } from './logout-support.ts';
import {
  BUSINESS_USERS,
  expectAcceptedEverywhere,
  expectLogoutTokenFor,
  expectRefusedEverywhere,
  startRevocationWorld,
  type RevocationWorld,
} from './revocation-support.ts';

const NORDISK = '34567891';
const TOEMRER = '12345674';
const SOFIE_AT_NORDISK = '2a8c3fd9-4165-45c9-8b9c-d9d6e5f9ddcc';
const SOFIE_SHARED_MITID = '1117a08b-5a1b-44d6-9e89-71dd2eb5a79c';
const SCOPE = { scope: 'openid professional offline_access', prompt: 'consent' };
const OPERATOR_SECRET = 'revocation-operator-secret-revocation-0123';
const operatorClient: ClientRegistration = {
  ...testClient({ client_id: 'rv-api-operator', client_secret: OPERATOR_SECRET }),
  grant_types: ['client_credentials'],
  response_types: [],
  redirect_uris: [],
  admin_operator: true,
};

let world: RevocationWorld;
let kontekst: RunningKontekst;
let receiver: BackchannelReceiver;
let rpA: TestRp;
let rpB: TestRp;
let adminConsole: TestRp;
let adminApi: string;

beforeAll(async () => {
  world = await startRevocationWorld(['rv-api-a', 'rv-api-b', ADMIN_CONSOLE_CLIENT_ID], [], {
    overrides: { [ADMIN_CONSOLE_CLIENT_ID]: { identity_types: ['professional'] } },
    unlisted: [operatorClient],
  });
  ({ kontekst, receiver } = world);
  [rpA, rpB, adminConsole] = [world.rps['rv-api-a']!, world.rps['rv-api-b']!, world.rps[ADMIN_CONSOLE_CLIENT_ID]!];
  adminApi = `${kontekst.url}${ADMIN_API_PATH}`;
});
afterAll(() => world?.close());
beforeEach(() => receiver.clear());

async function api(token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${adminApi}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** An administrator's admin API token: a login at the admin console (first party) for the admin API resource. */
async function consoleLogin(userId: string) {
  const login = await logIn(new Person(kontekst.url), adminConsole, userId, {
    params: { scope: 'openid admin offline_access', resource: adminApi, prompt: 'consent' },
  });
  return { login, token: login.accessToken };
}

async function operatorToken(): Promise<string> {
  const response = await fetch(`${kontekst.url}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`rv-api-operator:${OPERATOR_SECRET}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'admin', resource: adminApi }).toString(),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The logout token a relying party received for this login's session (earlier sessions of the same user may end too). */
function deliveryFor(clientId: string, login: { claims: Record<string, unknown> }) {
  return receiver.for(clientId).find((delivery) => {
    const payload = JSON.parse(Buffer.from(delivery.logoutToken!.split('.')[1]!, 'base64url').toString()) as { sid?: string };
    return payload.sid === login.claims['sid'];
  });
}

/** Sofie in each organisation her shared dedicated MitID is valid for, each in a browser of its own. */
async function sofieLoggedIn(contexts: string[]) {
  return Promise.all(
    contexts.map(async (cvr, index) =>
      logIn(new Person(kontekst.url), index === 0 ? rpA : rpB, 'sofie.berg', { contextKey: `professional:cvr:${cvr}`, params: SCOPE }),
    ),
  );
}

describe('revocation triggers through the admin API', () => {
  let nrJensToken: string;

  it("an administrator role removed ends only the admin console's part of the session; the answer counts it", async () => {
    const { login: atConsole, token } = await consoleLogin('nr-jens');
    nrJensToken = token;
    const person = new Person(kontekst.url);
    const atA = await logIn(person, rpA, 'nr-jens', { params: SCOPE });
    const users = `/organisations/${NORDISK}/users`;
    expect((await api(token, 'POST', `${users}/${BUSINESS_USERS.nrJensAtRevision}/roles`, { role: 'user_administrator' })).status).toBe(
      200,
    );
    receiver.clear();

    const removed = await api(token, 'DELETE', `${users}/${BUSINESS_USERS.nrJensAtRevision}/roles/user_administrator`);
    expect(removed.status).toBe(200);
    expect(removed.body['revocation']).toEqual({ sessionsEnded: 1, relyingPartiesNotified: 1 });
    await receiver.waitFor(1);
    await expectLogoutTokenFor(receiver.for(ADMIN_CONSOLE_CLIENT_ID)[0], adminConsole, atConsole);
    expect(receiver.received).toHaveLength(1);
    await expectAcceptedEverywhere(rpA, atA);
    // The role is gone at once: roles are read from the directory on every command, whatever the token says.
    expect((await api(token, 'POST', `${users}/${SOFIE_AT_NORDISK}/deactivate`)).status).toBe(403);
    // (The admin API access token is a JWT and cannot be recalled; it lives 10 minutes.) He takes the role back.
    expect((await api(token, 'POST', `${users}/${BUSINESS_USERS.nrJensAtRevision}/roles`, { role: 'user_administrator' })).status).toBe(
      200,
    );
  });

  it('a business user deactivated: her session in that organisation ends, her session in the other one stays', async () => {
    const [atNordisk, atHavnen] = await sofieLoggedIn([NORDISK, '29876541']);
    receiver.clear();
    const deactivated = await api(nrJensToken, 'POST', `/organisations/${NORDISK}/users/${SOFIE_AT_NORDISK}/deactivate`);
    expect(deactivated.status).toBe(200);
    expect(deactivated.body['revocation']).toEqual({ sessionsEnded: 1, relyingPartiesNotified: 1 });
    await receiver.waitFor(1);
    await expectLogoutTokenFor(receiver.for('rv-api-a')[0], rpA, atNordisk!);
    await expectRefusedEverywhere(rpA, atNordisk!);
    await expectAcceptedEverywhere(rpB, atHavnen!);
    expect(receiver.received).toHaveLength(1);
    expect((await api(nrJensToken, 'POST', `/organisations/${NORDISK}/users/${SOFIE_AT_NORDISK}/reactivate`)).status).toBe(200);
  });

  it('a shared means blocked by a user administrator: her sessions end in every organisation sharing it, each with its own sub', async () => {
    const means = await api(nrJensToken, 'GET', `/organisations/${NORDISK}/users/${SOFIE_AT_NORDISK}/means`);
    const blockable = (means.body['dedicatedMitIds'][0].means as { type: string }[])
      .map((item) => item.type)
      .find((type) => type !== 'app');
    expect(blockable, 'a means other than the app she logs in with').toBeDefined();
    const [atNordisk, atHavnen] = await sofieLoggedIn([NORDISK, '29876541']);
    receiver.clear();
    const blocked = await api(
      nrJensToken,
      'POST',
      `/organisations/${NORDISK}/users/${SOFIE_AT_NORDISK}/means/${SOFIE_SHARED_MITID}/${blockable}/block`,
    );
    expect(blocked.status).toBe(200);
    // These two, and her Havnen session of the test before (deactivation in Nordisk left it alive).
    expect(blocked.body['revocation']).toEqual({ sessionsEnded: 3, relyingPartiesNotified: 3 });
    await receiver.waitFor(3);
    await expectLogoutTokenFor(deliveryFor('rv-api-a', atNordisk!), rpA, atNordisk!);
    await expectLogoutTokenFor(deliveryFor('rv-api-b', atHavnen!), rpB, atHavnen!);
    expect(atNordisk!.claims.sub).not.toBe(atHavnen!.claims.sub);
    await expectRefusedEverywhere(rpA, atNordisk!);
    await expectRefusedEverywhere(rpB, atHavnen!);
  });

  it('a business user deleted: her sessions end', async () => {
    const [atNordisk] = await sofieLoggedIn([NORDISK]);
    receiver.clear();
    const deleted = await api(nrJensToken, 'DELETE', `/organisations/${NORDISK}/users/${SOFIE_AT_NORDISK}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body['revocation']).toEqual({ sessionsEnded: 1, relyingPartiesNotified: 1 });
    await receiver.waitFor(1);
    await expectLogoutTokenFor(receiver.for('rv-api-a')[0], rpA, atNordisk!);
    await expectRefusedEverywhere(rpA, atNordisk!);
  });

  it("an organisation disallowing a means ends its users' dedicated-MitID sessions", async () => {
    const atA = await logIn(new Person(kontekst.url), rpA, 'nr-jens', { params: SCOPE });
    receiver.clear();
    const narrowed = await api(nrJensToken, 'PATCH', `/organisations/${NORDISK}/settings`, { allowedMeans: ['app', 'code_reader'] });
    expect(narrowed.status).toBe(200);
    // This session and nr-jens's rpA session of the first test (his console part ended there already).
    expect(narrowed.body['revocation']).toEqual({ sessionsEnded: 2, relyingPartiesNotified: 2 });
    await receiver.waitFor(2);
    await expectLogoutTokenFor(deliveryFor('rv-api-a', atA), rpA, atA);
    await expectRefusedEverywhere(rpA, atA);
  });

  it("an organisation disallowing private MitID ends the sessions logged in with it; the person's private session stays", async () => {
    const privately = await logIn(new Person(kontekst.url), rpB, 'jens.hansen', {
      contextKey: 'private',
      params: { scope: 'openid offline_access', prompt: 'consent' },
    });
    const { token } = await consoleLogin('jens.hansen');
    const atA = await logIn(new Person(kontekst.url), rpA, 'jens.hansen', { contextKey: `professional:cvr:${TOEMRER}`, params: SCOPE });
    receiver.clear();
    const narrowed = await api(token, 'PATCH', `/organisations/${TOEMRER}/settings`, { privateMitIdAllowed: false });
    expect(narrowed.status).toBe(200);
    // His rpA session and his admin console session.
    expect(narrowed.body['revocation']).toEqual({ sessionsEnded: 2, relyingPartiesNotified: 2 });
    await receiver.waitFor(2);
    await expectLogoutTokenFor(receiver.for('rv-api-a')[0], rpA, atA);
    await expectRefusedEverywhere(rpA, atA);
    await expectAcceptedEverywhere(rpB, privately);
  });

  it("an organisation disconnected by the operator (client credentials token): its users' sessions end", async () => {
    const atA = await logIn(new Person(kontekst.url), rpA, 'nr-jens', { params: SCOPE });
    receiver.clear();
    const disconnected = await api(await operatorToken(), 'POST', `/organisations/${NORDISK}/disconnect`);
    expect(disconnected.status).toBe(200);
    expect(disconnected.body['revocation']).toEqual({ sessionsEnded: 1, relyingPartiesNotified: 1 });
    await receiver.waitFor(1);
    await expectLogoutTokenFor(receiver.for('rv-api-a')[0], rpA, atA);
    await expectRefusedEverywhere(rpA, atA);
  });
});
