// Mirrors the OpenID Foundation's RP-initiated logout certification modules over real HTTP, plus the Danish/English pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, decodeJwt, generateKeyPair } from 'jose';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import { Person, discoverRp, testClient, type TestRp } from '../support/journey.ts';
import type { SimulatorPage } from '../support/simulator-driver.ts';
import { answerLogout, logIn, openLogout, promptNoneError } from './logout-support.ts';

const POST_LOGOUT = 'https://rp.example/';
const POST_LOGOUT_WITH_QUERY = 'https://rp.example/logged-out?from=kontekst';
const registration = testClient({
  client_id: 'logout-rp',
  client_name: 'Digital Post Test',
  client_uri: 'https://rp.example/home',
  post_logout_redirect_uris: [POST_LOGOUT, POST_LOGOUT_WITH_QUERY],
});

let kontekst: RunningKontekst;
let rp: TestRp;

beforeAll(async () => {
  kontekst = await startKontekst({ build: { extraClients: [registration] } });
  rp = await discoverRp(kontekst.url, registration);
});
afterAll(() => kontekst.close());

async function loggedInPerson(userId = 'mette.larsen') {
  const person = new Person(kontekst.url);
  const login = await logIn(person, rp, userId);
  return { person, login };
}

function expectNoRedirect(page: SimulatorPage) {
  expect(page.callbackUrl).toBeUndefined();
  expect(page.headers.get('location')).toBeNull();
}

function expectStrictPage(page: SimulatorPage) {
  expect(page.html).not.toMatch(/<script/i);
  const csp = page.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).toContain("frame-ancestors 'none'");
  expect(page.headers.get('cache-control')).toContain('no-store');
}

describe('RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0)', () => {
  it('oidcc-rp-initiated-logout: confirm, end the session, redirect to the registered URI with state', async () => {
    const { person, login } = await loggedInPerson();
    const page = await openLogout(person, rp, {
      id_token_hint: login.idToken,
      post_logout_redirect_uri: POST_LOGOUT,
      state: 'logout-state-1',
    });
    expect(page.status).toBe(200);
    expect(page.name).toBe('logout');
    expectStrictPage(page);
    expect(page.html).toContain('Digital Post Test');

    const after = await answerLogout(person, page, 'yes');
    expect(after.status).toBe(303);
    expect(after.callbackUrl?.origin + (after.callbackUrl?.pathname ?? '')).toBe(POST_LOGOUT);
    expect(after.callbackUrl?.searchParams.get('state')).toBe('logout-state-1');
    expect(await promptNoneError(person, rp)).toBe('login_required');
  });

  it('oidcc-rp-initiated-logout-bad-post-logout-redirect-uri: an error page, no redirect, still logged in', async () => {
    const { person, login } = await loggedInPerson();
    for (const uri of ['https://attacker.example/', `${POST_LOGOUT}extra`, 'https://rp.example/logged-out']) {
      const page = await openLogout(person, rp, { id_token_hint: login.idToken, post_logout_redirect_uri: uri, state: 's' });
      expect(page.status).toBe(400);
      expect(page.name).toBe('error');
      expectNoRedirect(page);
      // A sentence for the person and the bare code for support; not the library's English description.
      expect(page.html).toContain('bad om login på en måde, der ikke er tilladt');
      expect(page.html).toContain('<code>invalid_request</code>');
      expect(page.html).not.toContain(uri);
    }
    expect(await promptNoneError(person, rp)).toBeNull();
  });

  it('oidcc-rp-initiated-logout-modified-id-token-hint: a tampered or forged hint shows an error page and does not redirect', async () => {
    const { person, login } = await loggedInPerson();
    const [header, payload, signature] = login.idToken.split('.') as [string, string, string];
    const claims = decodeJwt(login.idToken);
    const tamperedPayload = Buffer.from(JSON.stringify({ ...claims, sub: `${claims.sub}x` })).toString('base64url');
    const otherKey = await generateKeyPair('RS256');
    const forged = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: JSON.parse(Buffer.from(header, 'base64url').toString()).kid })
      .sign(otherKey.privateKey);
    const flippedSignature = `${signature.slice(0, -4)}${signature.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;

    for (const hint of [`${header}.${tamperedPayload}.${signature}`, forged, `${header}.${payload}.${flippedSignature}`]) {
      const page = await openLogout(person, rp, { id_token_hint: hint, post_logout_redirect_uri: POST_LOGOUT, state: 's' });
      expect(page.status).toBe(400);
      expect(page.name).toBe('error');
      expectNoRedirect(page);
      expect(page.html).toContain('invalid_request');
    }
    expect(await promptNoneError(person, rp)).toBeNull();
  });

  it('oidcc-rp-initiated-logout-no-id-token-hint: asks for confirmation; an unverifiable post_logout_redirect_uri is not followed', async () => {
    const { person } = await loggedInPerson();
    const page = await openLogout(person, rp, { post_logout_redirect_uri: POST_LOGOUT, state: 'no-hint' });
    expect(page.status).toBe(200);
    expect(page.name).toBe('logout');
    const after = await answerLogout(person, page, 'yes');
    // Without a hint or client_id nothing says which client the URI belongs to: the person lands on our page.
    expect(after.callbackUrl).toBeUndefined();
    expect(after.url.pathname).toBe('/session/end/success');
    expect(after.name).toBe('logged-out');
    expect(after.html).not.toContain('no-hint');
    expect(await promptNoneError(person, rp)).toBe('login_required');
  });

  it('oidcc-rp-initiated-logout-no-id-token-hint with client_id: confirmation, then the registered URI with state', async () => {
    const { person } = await loggedInPerson();
    const page = await openLogout(person, rp, { client_id: rp.registration.client_id, post_logout_redirect_uri: POST_LOGOUT, state: 'by-client-id' });
    expect(page.name).toBe('logout');
    const after = await answerLogout(person, page, 'yes');
    expect(after.callbackUrl?.href).toBe(`${POST_LOGOUT}?state=by-client-id`);
  });

  it('oidcc-rp-initiated-logout-no-params: confirmation page, then the logged-out page', async () => {
    const { person } = await loggedInPerson();
    const page = await openLogout(person, rp, {});
    expect(page.status).toBe(200);
    expect(page.name).toBe('logout');
    expectStrictPage(page);
    const after = await answerLogout(person, page, 'yes');
    expect(after.callbackUrl).toBeUndefined();
    expect(after.status).toBe(200);
    expect(after.name).toBe('logged-out');
    expect(after.html).toContain('Du er logget af.');
    expectStrictPage(after);
    expect(await promptNoneError(person, rp)).toBe('login_required');
  });

  it('oidcc-rp-initiated-logout-only-state: confirmation, the logged-out page, state goes nowhere', async () => {
    const { person } = await loggedInPerson();
    const page = await openLogout(person, rp, { state: 'only-state-xyz' });
    expect(page.name).toBe('logout');
    const after = await answerLogout(person, page, 'yes');
    expect(after.callbackUrl).toBeUndefined();
    expect(after.name).toBe('logged-out');
    expect(after.url.search).not.toContain('only-state-xyz');
    expect(after.html).not.toContain('only-state-xyz');
  });

  it('oidcc-rp-initiated-logout-query-added-to-post-logout-redirect-uri: the registered query is kept and state added', async () => {
    const { person, login } = await loggedInPerson();
    const page = await openLogout(person, rp, {
      id_token_hint: login.idToken,
      post_logout_redirect_uri: POST_LOGOUT_WITH_QUERY,
      state: 'with-query',
    });
    const after = await answerLogout(person, page, 'yes');
    expect(after.callbackUrl?.pathname).toBe('/logged-out');
    expect(after.callbackUrl?.searchParams.get('from')).toBe('kontekst');
    expect(after.callbackUrl?.searchParams.get('state')).toBe('with-query');
  });

  it('"No, stay logged in" logs the person out of the requesting client only and says so', async () => {
    const { person, login } = await loggedInPerson();
    const page = await openLogout(person, rp, { id_token_hint: login.idToken });
    const after = await answerLogout(person, page, 'no');
    expect(after.name).toBe('logged-out');
    expect(after.html).toContain('Du er logget af Digital Post Test.');
    expect(after.html).toContain('Du er stadig logget på med MitID i denne browser.');
    expect(after.html).toContain('href="https://rp.example/home"');
    expect(after.html).not.toContain('Du er logget af.');
  });
});

describe('logout without a Kontekst session', () => {
  it('needs no confirmation: a valid hint still brings the person back to the registered URI with state', async () => {
    const { person, login } = await loggedInPerson();
    await answerLogout(person, await openLogout(person, rp, {}), 'yes');
    // The session is gone already (expired, or ended elsewhere); the relying party's logout must still complete.
    const page = await openLogout(person, rp, { id_token_hint: login.idToken, post_logout_redirect_uri: POST_LOGOUT, state: 'late' });
    expect(page.status).toBe(200);
    expect(page.name).toBeUndefined();
    const form = page.forms.find((candidate) => candidate.action.pathname === '/session/end/confirm');
    expect(form?.fields['logout']).toBe('yes');
    // oidc-provider's auto-submitting form: its one inline script is allowed by hash only, and works without it.
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self' 'sha256-[\w+/=]+'/);
    expect(page.html).toContain('<noscript>');
    const after = await person.kontekst.post(form!.action, form!.fields);
    expect(after.callbackUrl?.href).toBe(`${POST_LOGOUT}?state=late`);
  });

  it('a bad post_logout_redirect_uri is refused even without a session', async () => {
    const { person, login } = await loggedInPerson();
    await answerLogout(person, await openLogout(person, rp, {}), 'yes');
    const page = await openLogout(person, rp, { id_token_hint: login.idToken, post_logout_redirect_uri: 'https://attacker.example/' });
    expect(page.status).toBe(400);
    expect(page.name).toBe('error');
    expectNoRedirect(page);
  });
});

describe('logout pages in Danish and English', () => {
  it('Danish by default, with a heading, the question and both buttons bound to the provider form', async () => {
    const { person } = await loggedInPerson();
    const page = await openLogout(person, rp, {});
    expect(page.html).toContain('<html lang="da">');
    expect(page.html).toMatch(/<h1>Log af<\/h1>/);
    expect(page.html).toContain('Vil du logge af?');
    expect(page.html).toMatch(/<button type="submit" form="op.logoutForm" name="logout" value="yes"[^>]*>Ja, log af<\/button>/);
    expect(page.html).toMatch(/<button type="submit" form="op.logoutForm" class="secondary">Nej, forbliv logget på<\/button>/);
    expect(page.html).toContain('data-page="logout"');
  });

  it('ui_locales=en gives English pages, and the logged-out page stays English', async () => {
    const { person, login } = await loggedInPerson();
    const page = await openLogout(person, rp, { id_token_hint: login.idToken, ui_locales: 'en' });
    expect(page.html).toContain('<html lang="en">');
    expect(page.html).toContain('Do you want to log out?');
    expect(page.html).toContain('Yes, log out');
    expect(page.html).toContain('The request comes from Digital Post Test.');
    const after = await answerLogout(person, page, 'yes');
    expect(after.name).toBe('logged-out');
    expect(after.html).toContain('<html lang="en">');
    expect(after.html).toContain('You have been logged out.');
    expect(after.html).toContain('You can now close this window.');
  });

  it('Accept-Language: en gives English; an explicit ui_locales=da wins over it', async () => {
    const { person } = await loggedInPerson();
    const english = await openLogout(person, rp, {}, { 'accept-language': 'en-GB,en;q=0.9' });
    expect(english.name).toBe('logout');
    expect(english.html).toContain('Do you want to log out?');
    const danish = await openLogout(person, rp, { ui_locales: 'da' }, { 'accept-language': 'en' });
    expect(danish.html).toContain('Vil du logge af?');
  });

  it('an error page for a bad post_logout_redirect_uri is English with ui_locales=en', async () => {
    const { person, login } = await loggedInPerson();
    const page = await openLogout(person, rp, {
      id_token_hint: login.idToken,
      post_logout_redirect_uri: 'https://attacker.example/',
      ui_locales: 'en',
    });
    expect(page.status).toBe(400);
    expect(page.html).toContain('<html lang="en">');
    expect(page.html).toContain('Something went wrong');
  });
});
