// Kontekst's interaction pages over plain HTTP: strict CSP (no inline script or style), no framing, never cached.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import {
  Person,
  abort,
  authorizationRequest,
  choose,
  discoverRp,
  loginAt,
  testClient,
  type JourneyStop,
  type TestRp,
} from '../support/journey.ts';
import { DEMO_LOGINS } from '../support/demo-people.ts';

let kontekst: RunningKontekst;
let rp: TestRp;
let thirdParty: TestRp;
const firstPartyClient = testClient({ client_id: 'headers-rp' });
const thirdPartyClient = testClient({ client_id: 'headers-third-party', first_party: false });

beforeAll(async () => {
  kontekst = await startKontekst({ build: { extraClients: [firstPartyClient, thirdPartyClient] } });
  [rp, thirdParty] = await Promise.all([discoverRp(kontekst.url, firstPartyClient), discoverRp(kontekst.url, thirdPartyClient)]);
});
afterAll(() => kontekst.close());

function pageOf(stop: JourneyStop, name: string) {
  if (stop.kind !== 'page' || stop.page.name !== name)
    throw new Error(`expected the ${name} page, got ${stop.kind === 'page' ? stop.page.name : 'a redirect'}`);
  return stop.page;
}

function expectStrict(page: { headers: Headers; html: string }): void {
  const csp = Object.fromEntries(
    (page.headers.get('content-security-policy') ?? '').split(';').map((directive) => {
      const [name = '', ...values] = directive.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
  expect(csp['default-src']).toBe("'none'");
  expect(csp['script-src']).toBe("'self'");
  expect(csp['style-src']).toBe("'self'");
  expect(csp['frame-ancestors']).toBe("'none'");
  expect(csp['base-uri']).toBe("'none'");
  expect(page.headers.get('cache-control')).toContain('no-store');
  expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  // The policy can be this strict because the pages need none of it: no script, no inline style, no event handlers.
  expect(page.html).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
}

describe('security headers on interaction pages', () => {
  it('chooser and no-context pages', async () => {
    const request = await authorizationRequest(rp, { prompt: 'select_account' });
    const chooser = await loginAt(new Person(kontekst.url), request.url, DEMO_LOGINS['jens.hansen']);
    expectStrict(pageOf(chooser, 'chooser'));

    const refused = await authorizationRequest(rp, { login_hint: 'professional:cvr:34567891' });
    const person = new Person(kontekst.url);
    const noContext = await loginAt(person, refused.url, DEMO_LOGINS['jens.hansen']);
    const page = pageOf(noContext, 'no-context');
    expect(page.status).toBe(403);
    expectStrict(page);
    const back = await abort(person, noContext);
    expect(back.kind === 'callback' && back.callbackUrl.searchParams.get('error')).toBe('access_denied');
  });

  it('consent page of a third-party client', async () => {
    const request = await authorizationRequest(thirdParty, { scope: 'openid profile', prompt: 'select_account' });
    const person = new Person(kontekst.url);
    const chooser = await loginAt(person, request.url, DEMO_LOGINS['jens.hansen']);
    expectStrict(pageOf(await choose(person, chooser, 'private'), 'consent'));
  });

  it('error page', async () => {
    const response = await fetch(`${kontekst.url}/interaction/no-such-interaction-0123/context`);
    const page = { headers: response.headers, html: await response.text() };
    expect(response.status).toBe(400);
    expect(page.html).toContain('data-page="error"');
    expectStrict(page);
  });
});
