// Drives a whole Kontekst login like a person without JavaScript: Kontekst → MitID simulator → chooser → consent → RP.
import * as client from 'openid-client';
import type { ClientRegistration } from '../../src/oidc/clients.ts';
import { SimulatorBrowser, SimulatorDriverError, completeSimulatorLogin, type LoginSteps, type SimulatorPage } from './simulator-driver.ts';

/** One person's browser: one cookie jar for Kontekst and the simulator, as a real browser would have. */
export class Person {
  readonly kontekst: SimulatorBrowser;
  readonly simulator: SimulatorBrowser;

  constructor(readonly baseUrl: string) {
    this.kontekst = new SimulatorBrowser(baseUrl);
    this.simulator = new SimulatorBrowser(`${baseUrl}/mitid-sim`);
    // Share the jar: Kontekst's upstream cookie must come back on the simulator's redirect to the callback.
    Object.assign(this.simulator, { jar: this.kontekst.jar });
  }
}

export interface TestRp {
  config: client.Configuration;
  registration: ClientRegistration;
  redirectUri: string;
}

export const TEST_RP_REDIRECT = 'https://rp.example/callback';

export function testClient(overrides: Partial<ClientRegistration> & { client_id: string }): ClientRegistration {
  return {
    client_secret: 'test-secret-test-secret-test-secret-0123',
    client_name: `Test RP ${overrides.client_id}`,
    redirect_uris: [TEST_RP_REDIRECT],
    post_logout_redirect_uris: ['https://rp.example/'],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    identity_types: ['private', 'professional'],
    entitlements: [],
    first_party: true,
    // Every right, as before rights were released per namespace; tests of the namespaces set their own.
    privilege_namespaces: ['urn:'],
    admin_operator: false,
    ...overrides,
  };
}

export async function discoverRp(baseUrl: string, registration: ClientRegistration): Promise<TestRp> {
  const config = await client.discovery(new URL(baseUrl), registration.client_id, registration.client_secret, undefined, {
    execute: [client.allowInsecureRequests],
  });
  return { config, registration, redirectUri: registration.redirect_uris[0]! };
}

export interface AuthorizationRequest {
  url: URL;
  codeVerifier: string;
  state: string;
  nonce: string;
}

export async function authorizationRequest(rp: TestRp, params: Record<string, string> = {}): Promise<AuthorizationRequest> {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(rp.config, {
    redirect_uri: rp.redirectUri,
    scope: 'openid',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...params,
  });
  return { url, codeVerifier, state, nonce };
}

export type JourneyStop = { kind: 'callback'; callbackUrl: URL; page: SimulatorPage } | { kind: 'page'; page: SimulatorPage };

/** Follows Kontekst until a Kontekst page (chooser, consent, error) or the redirect back to the RP. */
export async function follow(person: Person, url: URL | string): Promise<JourneyStop> {
  const page = await person.kontekst.open(url);
  return stopOf(page);
}

function stopOf(page: SimulatorPage): JourneyStop {
  return page.callbackUrl ? { kind: 'callback', callbackUrl: page.callbackUrl, page } : { kind: 'page', page };
}

/**
 * Starts at the RP's authorization URL; when MitID asks, logs in at the simulator with `steps`.
 * Returns where Kontekst stopped: a page of its own (chooser, consent, no-context, error) or the RP callback.
 */
export async function loginAt(person: Person, authorizationUrl: URL, steps?: Omit<LoginSteps, 'browser'>): Promise<JourneyStop> {
  let stop = await follow(person, authorizationUrl);
  if (stop.kind === 'page' && stop.page.url.pathname.startsWith('/mitid-sim/')) {
    if (!steps) throw new SimulatorDriverError('MitID asked for a login but no steps were given', stop.page);
    const upstream = await completeSimulatorLogin(stop.page.url, { ...steps, browser: person.simulator });
    stop = await follow(person, upstream.callbackUrl);
  }
  return stop;
}

/** Picks a context on the chooser page ('private' or 'professional:cvr:<CVR>'). */
export async function choose(person: Person, stop: JourneyStop, contextKey: string): Promise<JourneyStop> {
  if (stop.kind !== 'page' || stop.page.name !== 'chooser') throw new Error(`expected the chooser, got ${describe(stop)}`);
  const form = stop.page.forms.find((candidate) => candidate.action.pathname.endsWith('/choose'));
  if (!form) throw new SimulatorDriverError('no chooser form', stop.page);
  return stopOf(await person.kontekst.post(form.action, { ...form.fields, context: contextKey }));
}

/** Answers the consent page. */
export async function consent(person: Person, stop: JourneyStop, decision: 'allow' | 'deny'): Promise<JourneyStop> {
  if (stop.kind !== 'page' || stop.page.name !== 'consent') throw new Error(`expected consent, got ${describe(stop)}`);
  const form = stop.page.forms.find((candidate) => candidate.action.pathname.endsWith('/consent'));
  if (!form) throw new SimulatorDriverError('no consent form', stop.page);
  return stopOf(await person.kontekst.post(form.action, { ...form.fields, decision }));
}

/** Presses "back to the service" on a no-context or chooser page. */
export async function abort(person: Person, stop: JourneyStop): Promise<JourneyStop> {
  if (stop.kind !== 'page') throw new Error('expected a page');
  const form = stop.page.forms.find((candidate) => candidate.action.pathname.endsWith('/abort'));
  if (!form) throw new SimulatorDriverError('no abort form', stop.page);
  return stopOf(await person.kontekst.post(form.action, form.fields));
}

export function describe(stop: JourneyStop): string {
  return stop.kind === 'callback'
    ? `callback ${stop.callbackUrl.href}`
    : `page ${stop.page.name ?? '?'} (${stop.page.status}) at ${stop.page.url.pathname}`;
}

/** The context keys a chooser page offers. */
export function offeredContexts(stop: JourneyStop): string[] {
  if (stop.kind !== 'page' || stop.page.name !== 'chooser') return [];
  return [...stop.page.html.matchAll(/name="context"[^>]*value="([^"]+)"/g)].map((match) => match[1]!);
}

export async function redeem(rp: TestRp, request: AuthorizationRequest, callbackUrl: URL) {
  return client.authorizationCodeGrant(rp.config, callbackUrl, {
    pkceCodeVerifier: request.codeVerifier,
    expectedState: request.state,
    expectedNonce: request.nonce,
    idTokenExpected: true,
  });
}
