// Shared steps for the logout conformance tests: log a demo user in, open the logout page, confirm, verify logout tokens.
import { expect } from 'vitest';
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import {
  Person, authorizationRequest, choose, consent, describe as describeStop, follow, loginAt, redeem,
  type AuthorizationRequest, type JourneyStop, type TestRp,
} from '../support/journey.ts';
import { DEMO_LOGINS } from '../support/demo-people.ts';
import { parseForms, type SimulatorPage } from '../support/simulator-driver.ts';

export const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

export interface LoggedIn {
  request: AuthorizationRequest;
  idToken: string;
  accessToken: string;
  refreshToken: string | undefined;
  claims: JWTPayload & Record<string, unknown>;
}

/**
 * oidc-provider ends the old session before a login in another context: it answers with an auto-submitting
 * form to end_session_confirm (with a <noscript> button). A browser without JavaScript presses that button.
 */
export async function pressEndSessionButton(person: Person, stop: JourneyStop): Promise<JourneyStop> {
  let current = stop;
  for (let round = 0; round < 3 && current.kind === 'page'; round += 1) {
    const form = current.page.forms.find((candidate) => candidate.action.pathname.endsWith('/session/end/confirm'));
    if (!form) break;
    current = stopOf(await person.kontekst.post(form.action, form.fields));
  }
  return current;
}

function stopOf(page: SimulatorPage): JourneyStop {
  if (page.callbackUrl) return { kind: 'callback', callbackUrl: page.callbackUrl, page };
  return { kind: 'page', page };
}

/**
 * Logs `userId` in at `rp` in the context `contextKey` ('private' or 'professional:cvr:<CVR>'), through the
 * chooser when one is shown, consent when asked, and the end of a previous session when one is in the way.
 */
export async function logIn(
  person: Person,
  rp: TestRp,
  userId: string,
  options: { contextKey?: string; params?: Record<string, string> } = {},
): Promise<LoggedIn> {
  const request = await authorizationRequest(rp, options.params);
  let stop = await loginAt(person, request.url, DEMO_LOGINS[userId]);
  stop = await pressEndSessionButton(person, stop);
  if (stop.kind === 'page' && stop.page.name === 'chooser') {
    stop = await pressEndSessionButton(person, await choose(person, stop, options.contextKey ?? 'private'));
  }
  if (stop.kind === 'page' && stop.page.name === 'consent') {
    stop = await pressEndSessionButton(person, await consent(person, stop, 'allow'));
  }
  if (stop.kind !== 'callback') throw new Error(`expected the callback, got ${describeStop(stop)}`);
  const tokens = await redeem(rp, request, stop.callbackUrl);
  return { request, idToken: tokens.id_token!, accessToken: tokens.access_token, refreshToken: tokens.refresh_token, claims: tokens.claims()! as LoggedIn['claims'] };
}

export function endSessionEndpoint(rp: TestRp): URL {
  const endpoint = rp.config.serverMetadata().end_session_endpoint;
  if (!endpoint) throw new Error('discovery has no end_session_endpoint');
  return new URL(endpoint);
}

/** A browser's Accept header: oidc-provider answers errors as HTML pages only to clients that prefer HTML. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** Opens the end-session endpoint with `params` (GET) in the person's browser, as the relying party's redirect would. */
export async function openLogout(
  person: Person,
  rp: TestRp,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<SimulatorPage> {
  const url = endSessionEndpoint(rp);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  const cookie = person.kontekst.jar.header(url);
  const response = await fetch(url, {
    redirect: 'manual',
    headers: { accept: BROWSER_ACCEPT, ...headers, ...(cookie ? { cookie } : {}) },
  });
  person.kontekst.jar.store(url, response.headers.getSetCookie());
  const html = await response.text();
  const location = response.headers.get('location');
  return {
    url,
    status: response.status,
    headers: response.headers,
    html,
    name: /data-page="([\w-]+)"/.exec(html)?.[1],
    forms: parseForms(html, url),
    ...(location ? { callbackUrl: new URL(location, url) } : {}),
  };
}

/** Presses "Yes, log out" (or "No, stay logged in") on the logout page. */
export async function answerLogout(person: Person, page: SimulatorPage, answer: 'yes' | 'no'): Promise<SimulatorPage> {
  expect(page.name, `expected the logout page, got ${page.name} (${page.status})`).toBe('logout');
  const form = page.forms.find((candidate) => candidate.id === 'op.logoutForm');
  if (!form) throw new Error('the logout page has no op.logoutForm');
  const yes = form.buttons.find((button) => button.name === 'logout' && button.value === 'yes');
  const no = form.buttons.find((button) => !button.name);
  expect(yes, 'a "yes" button bound to op.logoutForm').toBeDefined();
  expect(no, 'a "no" button bound to op.logoutForm').toBeDefined();
  const after = await person.kontekst.post(form.action, answer === 'yes' ? { ...form.fields, logout: 'yes' } : form.fields);
  return answer === 'yes' ? confirmUpstreamLogout(person, after) : after;
}

/**
 * Logging out of Kontekst ends the MitID session too: the browser passes the upstream's (the simulator's)
 * logout confirmation, which the person confirms, and comes back to where Kontekst's logout was going.
 */
export async function confirmUpstreamLogout(person: Person, page: SimulatorPage): Promise<SimulatorPage> {
  if (page.name !== 'logout' || !page.url.pathname.startsWith('/mitid-sim/')) return page;
  const form = page.forms.find((candidate) => candidate.id === 'op.logoutForm');
  if (!form) throw new Error('the MitID logout page has no op.logoutForm');
  return person.kontekst.post(form.action, { ...form.fields, logout: 'yes' });
}

/** Is the person still logged in at Kontekst? prompt=none answers login_required when not. */
export async function promptNoneError(person: Person, rp: TestRp): Promise<string | null> {
  const request = await authorizationRequest(rp, { prompt: 'none' });
  const stop = await follow(person, request.url);
  if (stop.kind !== 'callback') throw new Error(`prompt=none showed a page: ${describeStop(stop)}`);
  return stop.callbackUrl.searchParams.get('error');
}

/** Verifies a logout token per OpenID Connect Back-Channel Logout 1.0 §2.4 against the OP's JWKS. */
export async function verifyLogoutToken(
  token: string,
  rp: TestRp,
): Promise<{ payload: JWTPayload & Record<string, unknown>; header: Record<string, unknown> }> {
  const metadata = rp.config.serverMetadata();
  const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri!));
  const { payload, protectedHeader } = await jwtVerify(token, jwks, {
    issuer: metadata.issuer,
    audience: rp.registration.client_id,
    typ: 'logout+jwt',
    algorithms: ['RS256'],
  });
  return { payload: payload as JWTPayload & Record<string, unknown>, header: protectedHeader as Record<string, unknown> };
}

/** The claims a logout token may carry: nothing about the person beyond the pairwise sub. */
export const LOGOUT_TOKEN_CLAIMS = ['aud', 'events', 'exp', 'iat', 'iss', 'jti', 'sid', 'sub'];

export { decodeJwt };
