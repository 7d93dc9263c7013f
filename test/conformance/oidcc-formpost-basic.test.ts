// OpenID Foundation "oidcc-formpost-basic-certification-test-plan": the basic flow with response_mode=form_post.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningKontekst } from '../support/kontekst.ts';
import { follow, loginAt, testClient, type JourneyStop } from '../support/journey.ts';
import { DEMO_LOGINS } from '../support/demo-people.ts';
import { parseForms } from '../support/simulator-driver.ts';
import { Person, authorizationRequest, discoverRp, expectSeparated, redeem, startConformanceKontekst, type TestRp } from './support.ts';

let kontekst: RunningKontekst;
let rp: TestRp;
const registration = testClient({ client_id: 'oidcc-formpost-rp' });

beforeAll(async () => {
  kontekst = await startConformanceKontekst([registration]);
  rp = await discoverRp(kontekst.url, registration);
});
afterAll(() => kontekst.close());

/** The self-submitting form oidc-provider renders instead of a redirect: its target and fields. */
function postedTo(stop: JourneyStop, status = 200): { action: URL; fields: Record<string, string> } {
  if (stop.kind !== 'page') throw new Error('expected the form_post page, got a redirect');
  expect(stop.page.status).toBe(status);
  const [form] = parseForms(stop.page.html, stop.page.url);
  if (!form) throw new Error('no form on the form_post page');
  expect(form.method).toBe('post');
  return { action: form.action, fields: form.fields };
}

describe('oidcc-formpost-basic-certification-test-plan', () => {
  it('oidcc-response-mode-form-post: code, state and iss are POSTed to the redirect_uri, never put in a URL', async () => {
    const person = new Person(kontekst.url);
    const request = await authorizationRequest(rp, { response_mode: 'form_post', scope: 'openid profile' });
    const stop = await loginAt(person, request.url, DEMO_LOGINS['mette.larsen']);
    const { action, fields } = postedTo(stop);
    expect(action.href).toBe(rp.redirectUri);
    expect(fields['state']).toBe(request.state);
    expect(fields['iss']).toBe(kontekst.url);
    expect(fields['code']).toBeTruthy();
    // openid-client takes the posted parameters as the callback's query (what an RP's POST handler does).
    const callback = new URL(rp.redirectUri);
    callback.search = new URLSearchParams(fields).toString();
    const tokens = await redeem(rp, request, callback);
    expect(tokens.claims()!['identity_type']).toBe('private');
    expectSeparated(tokens.claims(), 'private');
  });

  it('oidcc-prompt-none-not-logged-in (form_post): the error is POSTed too', async () => {
    const request = await authorizationRequest(rp, { response_mode: 'form_post', prompt: 'none' });
    const { action, fields } = postedTo(await follow(new Person(kontekst.url), request.url), 400);
    expect(action.href).toBe(rp.redirectUri);
    expect(fields['error']).toBe('login_required');
    expect(fields['state']).toBe(request.state);
    expect(fields['code']).toBeUndefined();
  });

  it('oidcc-server (form_post, professional context): nr-jens gets his professional context only', async () => {
    const request = await authorizationRequest(rp, { response_mode: 'form_post', scope: 'openid profile professional' });
    const { fields } = postedTo(await loginAt(new Person(kontekst.url), request.url, DEMO_LOGINS['nr-jens']));
    const callback = new URL(rp.redirectUri);
    callback.search = new URLSearchParams(fields).toString();
    const tokens = await redeem(rp, request, callback);
    expect(tokens.claims()!['professional.cvr']).toBe('34567891');
    expectSeparated(tokens.claims(), 'professional');
  });
});
