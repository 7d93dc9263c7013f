// The benchmarked flows: Kontekst's full two-hop login, the bare provider's one-hop login, and token-endpoint grants.
import { Browser, authRequest, redeemCode, token, userinfo, type AuthRequest, type Hop, type Page, type TokenSet } from './http.ts';

export type Target = 'kontekst' | 'bare';

/** Where a flow runs: the issuer, and every origin a login's browser may visit (Kontekst, a separate MitID simulator). */
export interface Endpoint {
  target: Target;
  issuer: string;
  origins: string[];
}

export function browserFor(endpoint: Endpoint, onHop?: (hop: Hop) => Promise<void>): Browser {
  return new Browser([endpoint.issuer, ...endpoint.origins], onHop);
}

/** A dedicated business MitID user with biometrics and two organisations: the chooser is always shown. */
const USER = { userId: 'sofie.berg', means: 'app', context: 'professional:cvr:29876541' };
const SCOPE = { scope: 'openid offline_access', prompt: 'consent' };

function expectPage(page: Page, name: string): Page {
  if (!page.html.includes(`data-page="${name}"`)) {
    throw new Error(
      `expected page ${name} at ${page.url.pathname} (${page.status}): ${page.html
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .slice(0, 300)}`,
    );
  }
  return page;
}

/** authorize → Kontekst → MitID simulator (login, means, app) → callback → chooser → code; returns the code's callback. */
export async function kontekstLogin(
  endpoint: Endpoint,
  browser = browserFor(endpoint),
): Promise<{ callbackUrl: URL; request: AuthRequest; browser: Browser }> {
  const request = authRequest(endpoint.issuer, SCOPE);
  let page = expectPage(await browser.open(request.url), 'login');
  page = expectPage(await browser.submit(page, 'login-form', { userId: USER.userId }), 'means');
  page = expectPage(await browser.submit(page, 'means-form', { means: USER.means }), 'app');
  page = expectPage(await browser.submit(page, 'biometrics-form'), 'chooser');
  page = await browser.submit(page, (form) => form.action.pathname.endsWith('/choose'), { context: USER.context });
  if (!page.callbackUrl) throw new Error(`no redirect to the client after the chooser (${page.status} at ${page.url.pathname})`);
  return { callbackUrl: page.callbackUrl, request, browser };
}

/** authorize → bare provider → its auto-login interaction → code. */
export async function bareLogin(
  endpoint: Endpoint,
  browser = browserFor(endpoint),
): Promise<{ callbackUrl: URL; request: AuthRequest; browser: Browser }> {
  const request = authRequest(endpoint.issuer, SCOPE);
  const page = await browser.open(request.url);
  if (!page.callbackUrl) throw new Error(`bare login did not redirect to the client (${page.status} at ${page.url.pathname})`);
  return { callbackUrl: page.callbackUrl, request, browser };
}

export function login(
  endpoint: Endpoint,
  browser = browserFor(endpoint),
): Promise<{ callbackUrl: URL; request: AuthRequest; browser: Browser }> {
  return endpoint.target === 'kontekst' ? kontekstLogin(endpoint, browser) : bareLogin(endpoint, browser);
}

/**
 * One complete login as a relying party sees it: the browser part, then code → tokens → userinfo.
 * `step` (the Redis breakdown) runs after the token and after the userinfo call.
 */
export async function fullFlow(
  endpoint: Endpoint,
  browser = browserFor(endpoint),
  step?: (label: string) => Promise<void>,
): Promise<TokenSet> {
  const { callbackUrl, request } = await login(endpoint, browser);
  const tokens = await redeemCode(endpoint.issuer, callbackUrl, request);
  await step?.('POST /token (authorization_code)');
  await userinfo(endpoint.issuer, tokens.access_token);
  await step?.('GET /me (userinfo)');
  return tokens;
}

/**
 * Codes ready for redemption, issued on existing sessions (SSO: no upstream login, no chooser), so the
 * token endpoint can be measured alone. `concurrency` people (one login each) ask for codes side by side;
 * one session's authorizations stay sequential, as one browser's would.
 */
export async function issueCodes(
  endpoint: Endpoint,
  count: number,
  concurrency = 1,
): Promise<{ callbackUrl: URL; request: AuthRequest }[]> {
  const codes: { callbackUrl: URL; request: AuthRequest }[] = [];
  let claimed = 0;
  const person = async () => {
    const { browser } = await login(endpoint);
    while (claimed < count) {
      claimed += 1;
      const request = authRequest(endpoint.issuer, SCOPE);
      const page = await browser.open(request.url);
      if (!page.callbackUrl) throw new Error(`SSO authorize did not return a code (${page.status} at ${page.url.pathname})`);
      codes.push({ callbackUrl: page.callbackUrl, request });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, person));
  return codes;
}

export { redeemCode, token };
