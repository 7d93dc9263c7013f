// Full code flows against the simulator with openid-client: every demo user ID × every means, claims, levels, PIN vs biometrics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { Means } from '../../src/domain/mitid.ts';
import { completeSimulatorLogin, expectPage, type SimulatorBrowser } from '../support/simulator-driver.ts';
import { authorizationRequest, redeem, startTestSimulator, type TestSimulator } from './harness.ts';

const SUBSTANTIAL = 'https://data.gov.dk/concept/core/nsis/loa/Substantial';
const HIGH = 'https://data.gov.dk/concept/core/nsis/loa/High';

/** Expected per means, written out independently of the simulator's own tables. */
const EXPECTED: Record<Means, { acr: string; amr: string[] }> = {
  app: { acr: SUBSTANTIAL, amr: ['mfa', 'swk', 'fpt'] },
  code_display: { acr: SUBSTANTIAL, amr: ['mfa', 'otp', 'hwk'] },
  code_reader: { acr: SUBSTANTIAL, amr: ['mfa', 'otp', 'hwk'] },
  chip: { acr: HIGH, amr: ['mfa', 'hwk', 'pop'] },
};
const PIN_AMR = ['mfa', 'swk', 'pin'];
/** Users whose app is shared with another user ID (same device): PIN, never biometrics. */
const SHARED_APP_PINS: Record<string, string> = { 'jens.hansen': '1357', 'nr-jens': '2468' };

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});

const activeLogins = () =>
  sim.identities.flatMap((identity) =>
    identity.means.filter((means) => means.status !== 'blocked').map((means) => ({ identity, means: means.type })),
  );

describe('every demo user ID with every means it has', () => {
  it('covers the demo world', () => {
    // Guards the loop below against an empty or shrunken world file.
    expect(activeLogins().length).toBeGreaterThanOrEqual(11);
    expect(sim.identities.map((identity) => identity.userId)).toEqual(
      expect.arrayContaining(['jens.hansen', 'mette.larsen', 'karen.holm', 'nr-jens', 'sofie.berg', 'ole.blocked']),
    );
  });

  it('logs in, and ID token and userinfo carry the MitID claims of the identity and means', async () => {
    for (const { identity, means } of activeLogins()) {
      const request = await authorizationRequest(sim.rp);
      const pin = means === 'app' ? SHARED_APP_PINS[identity.userId] : undefined;
      const { callbackUrl } = await completeSimulatorLogin(request.url, { userId: identity.userId, means, pin });
      const { idToken, userinfo } = await redeem(sim.rp, request, callbackUrl);
      const label = `${identity.userId}/${means}`;

      expect(idToken.sub, label).toBe(identity.uuid);
      expect(idToken.acr, label).toBe(EXPECTED[means].acr);
      expect(idToken.amr, label).toEqual(pin ? PIN_AMR : EXPECTED[means].amr);
      expect(typeof idToken.auth_time, label).toBe('number');
      for (const claims of [idToken, userinfo] as Record<string, unknown>[]) {
        expect(claims['mitid.uuid'], label).toBe(identity.uuid);
        expect(claims['mitid.means'], label).toBe(means);
        if (identity.kind === 'private') {
          expect(claims, label).toMatchObject({
            idp: 'mitid',
            identity_type: 'private',
            'dk.cpr': identity.person.cpr,
            name: identity.person.name,
            given_name: identity.person.givenName,
            family_name: identity.person.familyName,
            birthdate: identity.person.birthdate,
          });
          expect(
            Object.keys(claims).filter((key) => key.startsWith('professional.')),
            label,
          ).toEqual([]);
        } else {
          expect(claims, label).toMatchObject({
            idp: 'mitid_erhverv',
            identity_type: 'professional',
            name: identity.business.name,
            'professional.uuid': identity.business.professionalUuid,
            'professional.cvr': identity.business.cvr,
          });
          expect(claims, label).not.toHaveProperty('dk.cpr');
          expect(claims, label).not.toHaveProperty('birthdate');
        }
      }
    }
  });

  it('releases only the claims of the requested scopes', async () => {
    const request = await authorizationRequest(sim.rp, { scope: 'openid mitid' });
    const { callbackUrl } = await completeSimulatorLogin(request.url, { userId: 'mette.larsen', means: 'chip' });
    const { idToken, userinfo } = await redeem(sim.rp, request, callbackUrl);
    expect(idToken).toMatchObject({ idp: 'mitid', identity_type: 'private', 'mitid.means': 'chip', acr: HIGH });
    for (const claims of [idToken, userinfo]) {
      expect(claims).not.toHaveProperty('dk.cpr');
      expect(claims).not.toHaveProperty('name');
    }
  });

  it('authenticates a private_key_jwt client too', async () => {
    const request = await authorizationRequest(sim.jwtRp);
    const { callbackUrl } = await completeSimulatorLogin(request.url, { userId: 'sofie.berg', means: 'code_reader' });
    const { idToken } = await redeem(sim.jwtRp, request, callbackUrl);
    expect(idToken.sub).toBe(sim.identities.find((identity) => identity.userId === 'sofie.berg')!.uuid);
    expect(idToken['professional.cvr']).toBe('34567891');
  });
});

describe('app: PIN when the app is shared, biometrics when alone', () => {
  for (const userId of Object.keys(SHARED_APP_PINS)) {
    it(`${userId} must enter the PIN; no biometrics offered`, async () => {
      const request = await authorizationRequest(sim.rp);
      await expect(completeSimulatorLogin(request.url, { userId, means: 'app', useBiometrics: true })).rejects.toThrow(
        /biometrics not offered/,
      );

      const browser = sim.browser();
      const page = await openAppPage(browser, request.url, userId);
      expect(page.forms.map((form) => form.id)).not.toContain('biometrics-form');
      expect(page.forms.map((form) => form.id)).toContain('pin-form');
      // A biometrics approval posted anyway is a tampered form.
      const forced = await browser.post(new URL(`${page.url.pathname}/app`, page.url), {
        csrf: page.forms[0]!.fields.csrf!,
        method: 'biometrics',
      });
      expect(forced.status).toBe(400);
      expect(forced.name).toBe('error');
    });
  }

  it('mette.larsen is alone in her app: biometrics offered', async () => {
    const request = await authorizationRequest(sim.rp);
    const page = await openAppPage(sim.browser(), request.url, 'mette.larsen');
    expect(page.forms.map((form) => form.id)).toContain('biometrics-form');
    expect(page.forms.map((form) => form.id)).not.toContain('pin-form');
  });

  it('a wrong PIN is refused with attempts left, the right one logs in', async () => {
    const request = await authorizationRequest(sim.rp);
    const { callbackUrl, pages } = await completeSimulatorLogin(request.url, {
      userId: 'nr-jens',
      means: 'app',
      pin: '2468',
      wrongCodes: 1,
    });
    expect(pages.some((html) => html.includes('Forkert PIN-kode'))).toBe(true);
    const { idToken } = await redeem(sim.rp, request, callbackUrl);
    expect(idToken.amr).toEqual(PIN_AMR);
  });
});

describe('levels of assurance', () => {
  it('acr_values High for a user without a chip: clear page, then unmet_authentication_requirements', async () => {
    const request = await authorizationRequest(sim.rp, { acr_values: HIGH });
    const browser = sim.browser();
    const first = await browser.open(request.url);
    const page = await browser.submit(first, 'login-form', { fields: { userId: 'karen.holm' } });
    expect(page.status).toBe(403);
    expectPage(page, 'unmet');
    expect(page.html).toContain('Sikringsniveauet er ikke højt nok');

    const back = await browser.submit(page, 'unmet-form');
    expect(back.callbackUrl?.searchParams.get('error')).toBe('unmet_authentication_requirements');
    expect(back.callbackUrl?.searchParams.get('error_description')).toMatch(/level of assurance/);
    await expect(redeem(sim.rp, request, back.callbackUrl!)).rejects.toMatchObject({ error: 'unmet_authentication_requirements' });
  });

  it('acr_values High: means below it are shown disabled and refused; the chip yields High', async () => {
    const request = await authorizationRequest(sim.rp, { acr_values: HIGH });
    const browser = sim.browser();
    const first = await browser.open(request.url);
    const means = await browser.submit(first, 'login-form', { fields: { userId: 'mette.larsen' } });
    expectPage(means, 'means');
    const buttons = means.forms.find((form) => form.id === 'means-form')!.buttons;
    expect(buttons.filter((button) => !button.disabled).map((button) => button.value)).toEqual(['chip']);

    const refused = await browser.post(means.forms[0]!.action, { csrf: means.forms[0]!.fields.csrf!, means: 'app' });
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('sikringsniveau');

    const { callbackUrl } = await completeSimulatorLogin(request.url, { userId: 'mette.larsen', means: 'chip', browser });
    const { idToken } = await redeem(sim.rp, request, callbackUrl);
    expect(idToken.acr).toBe(HIGH);
  });

  it('a Substantial session steps up to a new login when High is asked later', async () => {
    const browser = sim.browser();
    const first = await authorizationRequest(sim.rp);
    const login = await completeSimulatorLogin(first.url, { userId: 'mette.larsen', means: 'app', browser });
    expect((await redeem(sim.rp, first, login.callbackUrl)).idToken.acr).toBe(SUBSTANTIAL);

    // Same level again: single sign-on, straight back to the client.
    const again = await authorizationRequest(sim.rp);
    const sso = await browser.open(again.url);
    expect(sso.callbackUrl?.searchParams.get('code')).toBeTruthy();
    expect((await redeem(sim.rp, again, sso.callbackUrl!)).idToken['mitid.means']).toBe('app');

    const high = await authorizationRequest(sim.rp, { acr_values: HIGH });
    const stepUp = await browser.open(high.url);
    expectPage(stepUp, 'login');
  });
});

describe('mounted in a host app with other cookie keys (as Kontekst mounts it)', () => {
  it('logs in through the mount and leaves the host its own cookie keys', async () => {
    const hosted = await startTestSimulator({}, { keys: ['host-cookie-key-that-differs-0123456789'] });
    try {
      const request = await authorizationRequest(hosted.rp);
      const { callbackUrl } = await completeSimulatorLogin(request.url, { userId: 'nr-jens', means: 'chip' });
      const { idToken } = await redeem(hosted.rp, request, callbackUrl);
      expect(idToken).toMatchObject({ acr: HIGH, idp: 'mitid_erhverv', 'professional.cvr': '34567891' });

      const hostPage = await fetch(new URL('/elsewhere', hosted.issuer));
      expect(await hostPage.text()).toBe('host');
      expect(hostPage.headers.getSetCookie().some((cookie) => cookie.startsWith('host_cookie.sig='))).toBe(true);
    } finally {
      await hosted.close();
    }
  });
});

describe('cancel, locale, discovery', () => {
  it('cancel returns access_denied (user cancelled) to the client', async () => {
    const request = await authorizationRequest(sim.rp);
    const { callbackUrl } = await completeSimulatorLogin(request.url, { userId: 'mette.larsen', means: 'app', cancel: true });
    expect(callbackUrl.searchParams.get('error')).toBe('access_denied');
    expect(callbackUrl.searchParams.get('error_description')).toBe('user cancelled');
    expect(callbackUrl.searchParams.get('state')).toBe(request.state);
  });

  it('cancel works from a later page too', async () => {
    const request = await authorizationRequest(sim.rp);
    const browser = sim.browser();
    const page = await openAppPage(browser, request.url, 'karen.holm');
    const back = await browser.submit(page, 'cancel-form');
    expect(back.callbackUrl?.searchParams.get('error')).toBe('access_denied');
  });

  it('speaks Danish by default and English with ui_locales=en', async () => {
    const danish = await sim.browser().open((await authorizationRequest(sim.rp)).url);
    expect(danish.html).toContain('<html lang="da">');
    expect(danish.html).toContain('Log på med MitID');

    const english = await sim.browser().open((await authorizationRequest(sim.rp, { ui_locales: 'en-GB da' })).url);
    expect(english.html).toContain('<html lang="en">');
    expect(english.html).toContain('Log in with MitID');
    expect(english.html).toContain('Cancel');
  });

  it('discovery and JWKS validate with openid-client and verify the ID token signature', async () => {
    const metadata = sim.rp.serverMetadata();
    expect(metadata.issuer).toBe(sim.issuer);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(['private_key_jwt', 'client_secret_basic']));
    expect(metadata.acr_values_supported).toEqual(expect.arrayContaining([SUBSTANTIAL, HIGH]));
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(['openid', 'mitid', 'profile', 'cpr', 'professional']));

    const jwks = (await (await fetch(metadata.jwks_uri!)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) {
      expect(key.kid).toBeTruthy();
      expect(key).not.toHaveProperty('d'); // never a private part
    }

    const request = await authorizationRequest(sim.rp);
    const { callbackUrl } = await completeSimulatorLogin(request.url, { userId: 'karen.holm', means: 'app' });
    const tokens = await import('openid-client').then((oidc) =>
      oidc.authorizationCodeGrant(sim.rp, callbackUrl, {
        pkceCodeVerifier: request.codeVerifier,
        expectedNonce: request.nonce,
        expectedState: request.state,
      }),
    );
    const verified = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(metadata.jwks_uri!)), {
      issuer: sim.issuer,
      audience: 'rp-secret',
    });
    expect(verified.payload.sub).toBe(sim.identities.find((identity) => identity.userId === 'karen.holm')!.uuid);
  });

  it('RP-initiated logout asks on a simulator page and ends the session', async () => {
    const browser = sim.browser();
    const request = await authorizationRequest(sim.rp);
    await completeSimulatorLogin(request.url, { userId: 'mette.larsen', means: 'app', browser });
    const ask = await browser.open(new URL(`${sim.issuer}/session/end?client_id=rp-secret`));
    expectPage(ask, 'logout');
    expect(ask.html).not.toMatch(/<script/i);
    const done = await browser.submit(ask, 'op.logoutForm', { button: { name: 'logout', value: 'yes' } });
    expectPage(done, 'logged-out');
    // No session any more: the next authorization asks for the user ID again.
    expectPage(await browser.open((await authorizationRequest(sim.rp)).url), 'login');
  });

  it('refuses an authorization request without PKCE', async () => {
    const request = await authorizationRequest(sim.rp);
    const url = new URL(request.url);
    url.searchParams.delete('code_challenge');
    url.searchParams.delete('code_challenge_method');
    const page = await sim.browser().open(url);
    expect(page.callbackUrl?.searchParams.get('error')).toBe('invalid_request');
  });
});

async function openAppPage(browser: SimulatorBrowser, url: URL, userId: string) {
  const first = await browser.open(url);
  const means = await browser.submit(first, 'login-form', { fields: { userId } });
  const page = await browser.submit(means, 'means-form', { button: { name: 'means', value: 'app' } });
  expectPage(page, 'app');
  return page;
}
