// The benchmarked flows: Kontekst's full two-hop login, the bare provider's one-hop login, and token-endpoint grants.
import { Browser, authRequest, redeemCode, token, userinfo, type AuthRequest, type Page, type TokenSet } from './http.ts';

/** A dedicated business MitID user with biometrics and two organisations: the chooser is always shown. */
const USER = { userId: 'sofie.berg', means: 'app', context: 'professional:cvr:29876541' };
const SCOPE = { scope: 'openid offline_access', prompt: 'consent' };

function expectPage(page: Page, name: string): Page {
  if (!page.html.includes(`data-page="${name}"`)) {
    throw new Error(`expected page ${name} at ${page.url.pathname} (${page.status}): ${page.html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 300)}`);
  }
  return page;
}

/** authorize → Kontekst → MitID simulator (login, means, app) → callback → chooser → code; returns the code's callback. */
export async function kontekstLogin(issuer: string, browser = new Browser(issuer)): Promise<{ callbackUrl: URL; request: AuthRequest; browser: Browser }> {
  const request = authRequest(issuer, SCOPE);
  let page = expectPage(await browser.open(request.url), 'login');
  page = expectPage(await browser.submit(page, 'login-form', { userId: USER.userId }), 'means');
  page = expectPage(await browser.submit(page, 'means-form', { means: USER.means }), 'app');
  page = expectPage(await browser.submit(page, 'biometrics-form'), 'chooser');
  page = await browser.submit(page, (form) => form.action.pathname.endsWith('/choose'), { context: USER.context });
  if (!page.callbackUrl) throw new Error(`no redirect to the client after the chooser (${page.status} at ${page.url.pathname})`);
  return { callbackUrl: page.callbackUrl, request, browser };
}

/** authorize → bare provider → its auto-login interaction → code. */
export async function bareLogin(issuer: string, browser = new Browser(issuer)): Promise<{ callbackUrl: URL; request: AuthRequest; browser: Browser }> {
  const request = authRequest(issuer, SCOPE);
  const page = await browser.open(request.url);
  if (!page.callbackUrl) throw new Error(`bare login did not redirect to the client (${page.status} at ${page.url.pathname})`);
  return { callbackUrl: page.callbackUrl, request, browser };
}

export type Target = 'kontekst' | 'bare';

/** One complete login as a relying party sees it: the browser part, then code → tokens → userinfo. */
export async function fullFlow(target: Target, issuer: string): Promise<TokenSet> {
  const { callbackUrl, request } = target === 'kontekst' ? await kontekstLogin(issuer) : await bareLogin(issuer);
  const tokens = await redeemCode(issuer, callbackUrl, request);
  await userinfo(issuer, tokens.access_token);
  return tokens;
}

/**
 * Codes ready for redemption, issued on one existing session (SSO: no upstream login, no chooser), so the
 * token endpoint can be measured alone.
 */
export async function issueCodes(target: Target, issuer: string, count: number): Promise<{ callbackUrl: URL; request: AuthRequest }[]> {
  const { browser } = target === 'kontekst' ? await kontekstLogin(issuer) : await bareLogin(issuer);
  const codes: { callbackUrl: URL; request: AuthRequest }[] = [];
  for (let i = 0; i < count; i += 1) {
    const request = authRequest(issuer, SCOPE);
    const page = await browser.open(request.url);
    if (!page.callbackUrl) throw new Error(`SSO authorize did not return a code (${page.status} at ${page.url.pathname})`);
    codes.push({ callbackUrl: page.callbackUrl, request });
  }
  return codes;
}

export { redeemCode, token };
