// What the simulator refuses: unknown users, blocked means, three wrong codes, tampered forms, expired logins — clear pages, nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  completeSimulatorLogin,
  expectPage,
  shownCode,
  wrongOf,
  type SimulatorBrowser,
  type SimulatorPage,
} from '../support/simulator-driver.ts';
import { authorizationRequest, redeem, startTestSimulator, type TestSimulator } from './harness.ts';

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator({ codeBlockSeconds: 1 });
});
afterAll(async () => {
  await sim.close();
});

const CPRS = () => sim.identities.flatMap((identity) => (identity.kind === 'private' ? [identity.person.cpr] : []));

/** An error page that a person can read: HTML, no stack trace, no personal data, no caching. */
function expectCleanErrorPage(page: SimulatorPage, status: number, code: string): void {
  expect(page.status).toBe(status);
  expect(page.headers.get('content-type')).toMatch(/text\/html/);
  expect(page.name).toBe('error');
  expect(page.html).toContain(`data-error="${code}"`);
  expect(page.html).not.toMatch(/\bat .*\.(ts|js):\d+|node_modules|Error:|TypeError|ZodError/);
  for (const cpr of CPRS()) expect(page.html).not.toContain(cpr);
  expect(page.headers.get('cache-control')).toContain('no-store');
}

async function loginPage(browser: SimulatorBrowser, extra: Record<string, string> = {}): Promise<SimulatorPage> {
  const page = await browser.open((await authorizationRequest(sim.rp, extra)).url);
  expectPage(page, 'login');
  return page;
}

async function meansPage(browser: SimulatorBrowser, userId: string): Promise<SimulatorPage> {
  const page = await browser.submit(await loginPage(browser), 'login-form', { fields: { userId } });
  expectPage(page, 'means');
  return page;
}

const csrfOf = (page: SimulatorPage): string => page.forms[0]!.fields.csrf!;
const interactionUrl = (page: SimulatorPage, suffix = ''): URL =>
  new URL(`${/^(.*\/interaction\/[^/]+)/.exec(page.url.pathname)![1]}${suffix}`, page.url);

describe('unknown user ID', () => {
  it('stays on the page with a clear message and writes nothing', async () => {
    const browser = sim.browser();
    const first = await loginPage(browser);
    const page = await browser.submit(first, 'login-form', { fields: { userId: 'nobody.here' } });
    expect(page.status).toBe(400);
    expectPage(page, 'login');
    expect(page.html).toContain('Vi kender ikke det bruger-ID');
    // Nothing written: the interaction still starts at the user ID page.
    expectPage(await browser.open(interactionUrl(page)), 'login');
  });

  it('accepts the user ID in any letter case', async () => {
    const browser = sim.browser();
    const page = await browser.submit(await loginPage(browser), 'login-form', { fields: { userId: ' Mette.Larsen ' } });
    expectPage(page, 'means');
  });
});

describe('blocked means', () => {
  it('shows ole.blocked his app as blocked and refuses it', async () => {
    const browser = sim.browser();
    const page = await meansPage(browser, 'ole.blocked');
    expect(page.html).toContain('data-status="blocked"');
    expect(page.forms[0]!.buttons.find((button) => button.value === 'app')?.disabled).toBe(true);
    await expect(completeSimulatorLogin((await authorizationRequest(sim.rp)).url, { userId: 'ole.blocked', means: 'app' })).rejects.toThrow(
      /disabled/,
    );

    const refused = await browser.post(page.forms[0]!.action, { csrf: csrfOf(page), means: 'app' });
    expectCleanErrorPage(refused, 403, 'means_blocked');
    expectPage(await browser.open(interactionUrl(page)), 'means');
  });
});

describe('three wrong codes', () => {
  it('block that means of that user for codeBlockSeconds, then it works again', async () => {
    const browser = sim.browser();
    let page = await browser.submit(await meansPage(browser, 'karen.holm'), 'means-form', {
      button: { name: 'means', value: 'code_reader' },
    });
    expectPage(page, 'code');
    const firstCode = shownCode(page);
    page = await browser.submit(page, 'code-form', { fields: { code: wrongOf(firstCode) } });
    expect(page.status).toBe(400);
    expect(page.html).toContain('Forkert kode');
    page = await browser.submit(page, 'code-form', { fields: { code: wrongOf(shownCode(page)) } });
    expect(page.status).toBe(400);
    page = await browser.submit(page, 'code-form', { fields: { code: wrongOf(shownCode(page)) } });
    expect(page.status).toBe(423);
    expectPage(page, 'locked');

    // Blocked for this user, in this and in a new login; her other means still works.
    const otherBrowser = sim.browser();
    const again = await meansPage(otherBrowser, 'karen.holm');
    expect(again.html).toContain('data-status="locked"');
    expect(again.forms[0]!.buttons.find((button) => button.value === 'code_reader')?.disabled).toBe(true);
    expect(again.forms[0]!.buttons.find((button) => button.value === 'app')?.disabled).toBe(false);
    expectCleanErrorPage(
      await otherBrowser.post(again.forms[0]!.action, { csrf: csrfOf(again), means: 'code_reader' }),
      423,
      'means_locked',
    );
    // Another user's code reader is not affected.
    const sofie = await meansPage(sim.browser(), 'sofie.berg');
    expect(sofie.forms[0]!.buttons.find((button) => button.value === 'code_reader')?.disabled).toBe(false);

    await new Promise((resolve) => setTimeout(resolve, 1200));
    const request = await authorizationRequest(sim.rp);
    const { callbackUrl } = await completeSimulatorLogin(request.url, { userId: 'karen.holm', means: 'code_reader' });
    expect((await redeem(sim.rp, request, callbackUrl)).idToken['mitid.means']).toBe('code_reader');
  });

  it('the driver types wrong codes before the right one', async () => {
    const request = await authorizationRequest(sim.rp);
    const { callbackUrl, pages } = await completeSimulatorLogin(request.url, {
      userId: 'jens.hansen',
      means: 'code_display',
      wrongCodes: 2,
    });
    expect(pages.filter((html) => html.includes('Forkert kode'))).toHaveLength(2);
    expect((await redeem(sim.rp, request, callbackUrl)).idToken.acr).toMatch(/Substantial$/);
  });
});

describe('tampered forms', () => {
  it('a means that is not the user’s', async () => {
    const browser = sim.browser();
    const page = await meansPage(browser, 'karen.holm');
    expectCleanErrorPage(await browser.post(page.forms[0]!.action, { csrf: csrfOf(page), means: 'chip' }), 400, 'means_not_available');
    expectPage(await browser.open(interactionUrl(page)), 'means');
  });

  it('a garbled or missing field, or an unexpected one', async () => {
    const browser = sim.browser();
    const page = await meansPage(browser, 'karen.holm');
    const action = page.forms[0]!.action;
    expectCleanErrorPage(await browser.post(action, { csrf: csrfOf(page), means: 'telepathy' }), 400, 'invalid_form');
    expectCleanErrorPage(await browser.post(action, { csrf: csrfOf(page) }), 400, 'invalid_form');
    expectCleanErrorPage(await browser.post(action, { means: 'app' }), 400, 'invalid_form');
    expectCleanErrorPage(await browser.post(action, { csrf: csrfOf(page), means: 'app', level: 'high' }), 400, 'invalid_form');
    expectCleanErrorPage(
      await browser.post(interactionUrl(page, '/login'), { csrf: csrfOf(page), userId: 'x'.repeat(500) }),
      400,
      'invalid_form',
    );
    expectPage(await browser.open(interactionUrl(page)), 'means');
  });

  it('a code or PIN step posted for another means, or before a user is chosen', async () => {
    const browser = sim.browser();
    const means = await meansPage(browser, 'mette.larsen');
    const app = await browser.submit(means, 'means-form', { button: { name: 'means', value: 'app' } });
    expectPage(app, 'app');
    expectCleanErrorPage(await browser.post(interactionUrl(app, '/code'), { csrf: csrfOf(app), code: '123456' }), 409, 'wrong_step');
    expectCleanErrorPage(await browser.post(interactionUrl(app, '/chip'), { csrf: csrfOf(app), confirm: 'yes' }), 409, 'wrong_step');
    expectPage(await browser.open(interactionUrl(app)), 'app');

    const fresh = await loginPage(browser);
    expectCleanErrorPage(
      await browser.post(interactionUrl(fresh, '/app'), { csrf: csrfOf(fresh), method: 'biometrics' }),
      409,
      'wrong_step',
    );
  });

  it('a form for another interaction', async () => {
    const browser = sim.browser();
    const first = await loginPage(browser);
    const second = await loginPage(browser);
    // The second interaction's URL with the first one's form token.
    expectCleanErrorPage(
      await browser.post(interactionUrl(second, '/login'), { csrf: csrfOf(first), userId: 'mette.larsen' }),
      400,
      'interaction_mismatch',
    );
    // An interaction this browser has no cookie for.
    expectCleanErrorPage(
      await sim.browser().post(interactionUrl(second, '/login'), { csrf: csrfOf(second), userId: 'mette.larsen' }),
      410,
      'interaction_expired',
    );
    expectPage(await browser.open(interactionUrl(second)), 'login');
  });

  it('an unknown interaction', async () => {
    const page = await sim.browser().open(new URL(`${sim.issuer}/interaction/does-not-exist`));
    expectCleanErrorPage(page, 410, 'interaction_expired');
  });
});

describe('pages', () => {
  it('carry security headers and no script', async () => {
    const page = await loginPage(sim.browser());
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('cache-control')).toContain('no-store');
    expect(page.html).not.toMatch(/<script|\son\w+="/i);
    const css = await fetch(`${sim.issuer}/assets/simulator.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
  });

  it('an oidc-provider error (unknown client) is our error page, not a stack trace', async () => {
    const page = await sim.browser().open(new URL(`${sim.issuer}/auth?client_id=nope&response_type=code&scope=openid`));
    expect(page.status).toBe(400);
    expect(page.name).toBe('error');
    expect(page.html).toContain('invalid_client');
    expect(page.html).not.toMatch(/node_modules|\bat .*\.js:\d+/);
  });
});

describe('an expired interaction', () => {
  it('is answered with an error page', async () => {
    const shortLived = await startTestSimulator({ interactionTtlSeconds: 1 });
    try {
      const browser = shortLived.browser();
      const page = await browser.open((await authorizationRequest(shortLived.rp)).url);
      expectPage(page, 'login');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const expired = await browser.submit(page, 'login-form', { fields: { userId: 'mette.larsen' } });
      expect(expired.status).toBe(410);
      expect(expired.html).toContain('data-error="interaction_expired"');
      expect(expired.html).toContain('udløbet');
      expect(expired.html).not.toMatch(/node_modules|Error:/);
    } finally {
      await shortLived.close();
    }
  });
});
