// End to end over real HTTP: each demo user ID logs in through Kontekst and the simulator; the chooser offers exactly the brief's contexts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import {
  Person,
  abort,
  authorizationRequest,
  choose,
  describe as describeStop,
  discoverRp,
  loginAt,
  offeredContexts,
  redeem,
  testClient,
  type TestRp,
} from '../support/journey.ts';
import { ALL_SCOPES, DEMO_LOGINS, EXPECTED_CONTEXTS } from '../support/demo-people.ts';
import { SimulatorDriverError, completeSimulatorLogin } from '../support/simulator-driver.ts';

let kontekst: RunningKontekst;
let rp: TestRp;
const registration = testClient({ client_id: 'chooser-rp', entitlements: ['cpr', 'mitid'] });

beforeAll(async () => {
  kontekst = await startKontekst({ build: { extraClients: [registration] } });
  rp = await discoverRp(kontekst.url, registration);
});
afterAll(() => kontekst.close());

describe.each(Object.entries(EXPECTED_CONTEXTS))('%s', (userId, expected) => {
  it(
    expected.length > 1 ? `chooser offers exactly ${expected.join(' + ')}` : `no chooser: logs straight in as ${expected[0]}`,
    async () => {
      const request = await authorizationRequest(rp, { scope: ALL_SCOPES, prompt: 'consent' });
      const stop = await loginAt(new Person(kontekst.url), request.url, DEMO_LOGINS[userId]);
      if (expected.length > 1) {
        expect(offeredContexts(stop)).toEqual(expected);
      } else {
        expect(stop.kind, describeStop(stop)).toBe('callback');
        const tokens = await redeem(rp, request, (stop as { callbackUrl: URL }).callbackUrl);
        const claims = tokens.claims()!;
        const [type, , cvr] = expected[0]!.split(':');
        expect(claims['identity_type']).toBe(type);
        if (cvr) expect(claims['professional.cvr']).toBe(cvr);
      }
    },
  );

  it.each(expected)('completes the journey in context %s', async (contextKey) => {
    const request = await authorizationRequest(rp, { scope: ALL_SCOPES, prompt: 'select_account' });
    const person = new Person(kontekst.url);
    let stop = await loginAt(person, request.url, DEMO_LOGINS[userId]);
    // prompt=select_account shows the chooser even when only one context fits.
    expect(offeredContexts(stop)).toEqual(expected);
    stop = await choose(person, stop, contextKey);
    expect(stop.kind, describeStop(stop)).toBe('callback');
    const tokens = await redeem(rp, request, (stop as { callbackUrl: URL }).callbackUrl);
    const claims = tokens.claims()!;
    const [type, , cvr] = contextKey.split(':');
    expect(claims['identity_type']).toBe(type);
    expect(claims['acr']).toBe('https://data.gov.dk/concept/core/nsis/loa/Substantial');
    expect(claims['amr']).toEqual(expect.arrayContaining(['mfa']));
    expect(typeof claims['auth_time']).toBe('number');
    expect(claims['idp']).toBe(userId === 'nr-jens' || userId === 'sofie.berg' ? 'mitid_erhverv' : 'mitid');
    if (type === 'professional') expect(claims['professional.cvr']).toBe(cvr);
    else expect(claims['dk.cpr']).toMatch(/^\d{10}$/);
  });
});

describe('ole.blocked', () => {
  it('is refused: his only means is blocked, and cancelling returns access_denied to the relying party', async () => {
    const request = await authorizationRequest(rp);
    const person = new Person(kontekst.url);
    await expect(loginAt(person, request.url, { userId: 'ole.blocked', means: 'app' })).rejects.toBeInstanceOf(SimulatorDriverError);

    const second = await authorizationRequest(rp);
    const first = await person.kontekst.open(second.url);
    const upstream = await completeSimulatorLogin(first.url, {
      userId: 'ole.blocked',
      means: 'app',
      cancel: true,
      browser: person.simulator,
    });
    const back = await person.kontekst.open(upstream.callbackUrl);
    expect(back.callbackUrl?.searchParams.get('error')).toBe('access_denied');
    expect(back.callbackUrl?.searchParams.get('state')).toBe(second.state);
  });
});

describe('a relying party that accepts private identities only', () => {
  it('never shows jens.hansen the chooser and logs him in privately', async () => {
    const privateOnly = testClient({ client_id: 'private-only-rp', identity_types: ['private'] });
    await kontekst.close();
    kontekst = await startKontekst({ build: { extraClients: [registration, privateOnly] } });
    rp = await discoverRp(kontekst.url, registration);
    const privateRp = await discoverRp(kontekst.url, privateOnly);
    const request = await authorizationRequest(privateRp, { scope: 'openid profile' });
    const stop = await loginAt(new Person(kontekst.url), request.url, DEMO_LOGINS['jens.hansen']);
    expect(stop.kind, describeStop(stop)).toBe('callback');
    const tokens = await redeem(privateRp, request, (stop as { callbackUrl: URL }).callbackUrl);
    expect(tokens.claims()!['identity_type']).toBe('private');
  });
});

describe('login_hint', () => {
  it('professional:cvr:34567891 for jens.hansen via private MitID fails with an OIDC error that says why', async () => {
    const request = await authorizationRequest(rp, { login_hint: 'professional:cvr:34567891' });
    const person = new Person(kontekst.url);
    const stop = await loginAt(person, request.url, DEMO_LOGINS['jens.hansen']);
    expect(stop.kind === 'page' && stop.page.name).toBe('no-context');
    if (stop.kind !== 'page') return;
    expect(stop.page.status).toBe(403);
    expect(stop.page.html).toContain('Nordisk Revision A/S kræver et særskilt MitID til erhvervsbrug');
    const back = await abort(person, stop);
    expect(back.kind).toBe('callback');
    if (back.kind !== 'callback') return;
    expect(back.callbackUrl.searchParams.get('error')).toBe('access_denied');
    expect(back.callbackUrl.searchParams.get('error_description')).toBe('Nordisk Revision A/S requires a dedicated business MitID');
  });

  it('private for sofie.berg (dedicated MitID) fails and never falls back to an organisation', async () => {
    const request = await authorizationRequest(rp, { login_hint: 'private', ui_locales: 'en' });
    const person = new Person(kontekst.url);
    const stop = await loginAt(person, request.url, DEMO_LOGINS['sofie.berg']);
    expect(stop.kind === 'page' && stop.page.name).toBe('no-context');
    const back = await abort(person, stop);
    expect(back.kind === 'callback' && back.callbackUrl.searchParams.get('error')).toBe('access_denied');
  });

  it('professional narrows jens.hansen to his organisation without a chooser', async () => {
    const request = await authorizationRequest(rp, { login_hint: 'professional', scope: 'openid professional' });
    const stop = await loginAt(new Person(kontekst.url), request.url, DEMO_LOGINS['jens.hansen']);
    expect(stop.kind, describeStop(stop)).toBe('callback');
    const tokens = await redeem(rp, request, (stop as { callbackUrl: URL }).callbackUrl);
    expect(tokens.claims()!['professional.cvr']).toBe('12345674');
  });

  it('a malformed hint is an invalid_request before anyone logs in', async () => {
    const request = await authorizationRequest(rp, { login_hint: 'boss' });
    const stop = await loginAt(new Person(kontekst.url), request.url);
    expect(stop.kind === 'callback' && stop.callbackUrl.searchParams.get('error')).toBe('invalid_request');
  });
});
