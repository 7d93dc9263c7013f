// Logging out of Kontekst ends the MitID session (no JavaScript): the next login asks for the MitID user ID again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPSTREAM_SESSION_COOKIE } from '../../src/journey/upstream-session.ts';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import {
  Person, authorizationRequest, choose, describe as describeStop, discoverRp, follow, loginAt, redeem, testClient, type JourneyStop, type TestRp,
} from '../support/journey.ts';
import { expectPage } from '../support/simulator-driver.ts';
import { DEMO_LOGINS } from '../support/demo-people.ts';
import { answerLogout, openLogout, pressEndSessionButton } from '../conformance/logout-support.ts';

const POST_LOGOUT = 'https://rp.example/logged-out';
let kontekst: RunningKontekst;
let rp: TestRp;
const registration = testClient({ client_id: 'digital-post-test', post_logout_redirect_uris: [POST_LOGOUT] });

beforeAll(async () => {
  kontekst = await startKontekst({ build: { extraClients: [registration] } });
  rp = await discoverRp(kontekst.url, registration);
});
afterAll(() => kontekst.close());

/** Where a new login at the relying party stops first: a MitID page (name) or straight back at the relying party. */
async function nextLoginStop(person: Person): Promise<JourneyStop> {
  return follow(person, (await authorizationRequest(rp)).url);
}

function mitIdPageOf(stop: JourneyStop): string | undefined {
  return stop.kind === 'page' && stop.page.url.pathname.startsWith('/mitid-sim/') ? stop.page.name : undefined;
}

describe('logout ends the MitID session', () => {
  it('mette.larsen logs in with chip, logs out, logs in again: MitID asks for the user ID', async () => {
    const person = new Person(kontekst.url);
    const login = await logInWithChip(person);
    // Without logout, the MitID session logs her straight in (the defect on a shared computer).
    expect(mitIdPageOf(await nextLoginStop(person))).toBeUndefined();

    const confirm = await openLogout(person, rp, { id_token_hint: login.idToken, post_logout_redirect_uri: POST_LOGOUT, state: 'bye' });
    // Yes at Kontekst, then yes at MitID's own logout page, then back at the relying party with its state.
    const after = await answerLogout(person, confirm, 'yes');
    expect(after.callbackUrl?.href).toBe(`${POST_LOGOUT}?state=bye`);
    expect(after.url.pathname, 'the way back leads through MitID\'s logout').toBe('/logout/mitid/done');

    const again = await nextLoginStop(person);
    expect(mitIdPageOf(again), describeStop(again)).toBe('login');
    expectPage((again as { page: Parameters<typeof expectPage>[0] }).page, 'login');
  });

  it('"No, stay logged in" keeps the MitID session', async () => {
    const person = new Person(kontekst.url);
    const login = await logInWithChip(person);
    await answerLogout(person, await openLogout(person, rp, { id_token_hint: login.idToken, post_logout_redirect_uri: POST_LOGOUT }), 'no');
    expect(mitIdPageOf(await nextLoginStop(person))).toBeUndefined();
  });

  it('without an upstream hint (cookie lost), the next login still forces a fresh MitID authentication', async () => {
    const person = new Person(kontekst.url);
    const login = await logInWithChip(person);
    dropCookie(person, UPSTREAM_SESSION_COOKIE);
    const after = await answerLogout(person, await openLogout(person, rp, { id_token_hint: login.idToken, post_logout_redirect_uri: POST_LOGOUT }), 'yes');
    // Kontekst could not end the MitID session, so it went straight back to the relying party …
    expect(after.callbackUrl?.origin).toBe('https://rp.example');
    // … and the next login sends prompt=login: MitID asks for the user ID although its session lives.
    const again = await nextLoginStop(person);
    expect(mitIdPageOf(again), describeStop(again)).toBe('login');
  });
});

describe('a context switch', () => {
  it('keeps the MitID session: the chooser comes back without a MitID step', async () => {
    const person = new Person(kontekst.url);
    const first = await loginAt(person, (await authorizationRequest(rp)).url, DEMO_LOGINS['jens.hansen']);
    expect((await choose(person, first, 'private')).kind).toBe('callback');
    const switched = await follow(person, (await authorizationRequest(rp, { prompt: 'select_account' })).url);
    expect(mitIdPageOf(switched), describeStop(switched)).toBeUndefined();
    expect(switched.kind === 'page' ? switched.page.name : 'callback').toBe('chooser');
    // Switching to the company ends the private Kontekst session on the way (oidc-provider's end-session form) …
    const done = await pressEndSessionButton(person, await choose(person, switched, 'professional:cvr:12345674'));
    expect(done.kind, describeStop(done)).toBe('callback');
    // … but not the MitID session: the next switch is one click again.
    const again = await follow(person, (await authorizationRequest(rp, { prompt: 'select_account' })).url);
    expect(mitIdPageOf(again), describeStop(again)).toBeUndefined();
  });
});

describe('log on with another MitID', () => {
  it('on the chooser: MitID asks for the user ID again, and the other person is logged in', async () => {
    const person = new Person(kontekst.url);
    const stop = await loginAt(person, (await authorizationRequest(rp)).url, DEMO_LOGINS['jens.hansen']);
    if (stop.kind !== 'page' || stop.page.name !== 'chooser') throw new Error(describeStop(stop));
    expect(stop.page.html).toContain('Log på med et andet MitID');
    const form = stop.page.forms.find((candidate) => candidate.action.pathname.endsWith('/another-mitid'))!;
    const mitId = await person.kontekst.post(form.action, form.fields);
    expectPage(mitId, 'login');
    expect(mitId.url.pathname.startsWith('/mitid-sim/')).toBe(true);
  });

  it('on the no-context page', async () => {
    const privateOnly = testClient({ client_id: 'private-only-rp', identity_types: ['private'] });
    const other = await startKontekst({ build: { extraClients: [privateOnly] } });
    try {
      const otherRp = await discoverRp(other.url, privateOnly);
      const person = new Person(other.url);
      const stop = await loginAt(person, (await authorizationRequest(otherRp)).url, DEMO_LOGINS['nr-jens']);
      if (stop.kind !== 'page' || stop.page.name !== 'no-context') throw new Error(describeStop(stop));
      const form = stop.page.forms.find((candidate) => candidate.action.pathname.endsWith('/another-mitid'))!;
      const mitId = await person.kontekst.post(form.action, form.fields);
      expectPage(mitId, 'login');
    } finally {
      await other.close();
    }
  });

  it('a forged form is refused', async () => {
    const person = new Person(kontekst.url);
    const stop = await loginAt(person, (await authorizationRequest(rp)).url, DEMO_LOGINS['jens.hansen']);
    if (stop.kind !== 'page') throw new Error(describeStop(stop));
    const form = stop.page.forms.find((candidate) => candidate.action.pathname.endsWith('/another-mitid'))!;
    const refused = await person.kontekst.post(form.action, { csrf: 'x'.repeat(32) });
    expect(refused.status).toBe(400);
    // A forged request changes nothing: the person can still choose.
    expect((await choose(person, stop, 'private')).kind).toBe('callback');
  });
});

/** mette.larsen with her MitID chip (level High) at the relying party; returns her ID token. */
async function logInWithChip(person: Person): Promise<{ idToken: string }> {
  const request = await authorizationRequest(rp);
  const stop = await loginAt(person, request.url, { userId: 'mette.larsen', means: 'chip' });
  if (stop.kind !== 'callback') throw new Error(describeStop(stop));
  const tokens = await redeem(rp, request, stop.callbackUrl);
  expect(tokens.claims()?.['acr']).toMatch(/High$/i);
  return { idToken: tokens.id_token! };
}

function dropCookie(person: Person, name: string): void {
  person.kontekst.jar.store(new URL(kontekst.url), [`${name}=; Path=/; Max-Age=0`, `${name}.sig=; Path=/; Max-Age=0`]);
}
