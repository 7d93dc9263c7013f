// The demo RP's whole code flow over real HTTP against a small real oidc-provider: login, claims, errors, logout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTinyOp, type TinyOp } from './support/tiny-op.ts';
import { TinyBrowser, textOf, type Page } from './support/browser.ts';

let op: TinyOp;
beforeAll(async () => {
  op = await startTinyOp();
});
afterAll(async () => {
  await op?.close();
});

const main = (page: Page) => textOf(/<main[\s\S]*<\/main>/.exec(page.html)?.[0] ?? '');

/** Starts at the demo RP, logs in with the dev login as `account`, consents, and returns the page the RP shows. */
async function login(browser: TinyBrowser, query: string, account: string): Promise<Page> {
  const interaction = await browser.go(`${op.origin}/demo-rp/login?${query}`);
  expect(interaction.status).toBe(200);
  let page = await browser.submit(interaction, /\/interaction\//, { login: account, password: 'x' });
  if (/name="prompt" value="consent"/.test(page.html)) page = await browser.submit(page, /\/interaction\//);
  return page;
}

describe('demo RP against a real OpenID provider', () => {
  it('sends an authorization request with PKCE S256, state, nonce, login_hint and ui_locales', async () => {
    const browser = new TinyBrowser();
    const redirect = await browser.request(`${op.origin}/demo-rp/login?hint=professional&cvr=34567891&lang=en&scope=openid&scope=profile`);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('cache-control')).toBe('no-store');
    const setCookie = redirect.headers.getSetCookie().find((line) => line.startsWith('demo_rp_sid='));
    expect(setCookie).toMatch(/httponly/i);
    expect(setCookie).toMatch(/samesite=lax/i);
    expect(setCookie).toMatch(/path=\/demo-rp/i);
    const url = new URL(redirect.headers.get('location')!);
    expect(url.origin + url.pathname).toBe(`${op.origin}/auth`);
    expect(url.searchParams.get('client_id')).toBe('demo-digital-post');
    expect(url.searchParams.get('redirect_uri')).toBe(`${op.origin}/demo-rp/callback`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get('login_hint')).toBe('professional:cvr:34567891');
    expect(url.searchParams.get('ui_locales')).toBe('en');
    expect(url.searchParams.get('scope')).toBe('openid profile');
    expect(url.searchParams.has('prompt')).toBe(false);
  });

  it('logs in as a private person and shows the context, both claim sets and the granted scope', async () => {
    const browser = new TinyBrowser();
    const page = await login(browser, 'hint=private&scope=openid&scope=profile', 'private-person');
    // The callback redirects to a clean URL: reloading it shows the same page, the spent code is not redeemed again.
    expect(page.url).toBe(`${op.origin}/demo-rp/result`);
    expect(page.status).toBe(200);
    const reloaded = await browser.request(page.url);
    expect(reloaded.status).toBe(200);
    expect(main(reloaded)).toBe(main(page));
    expect(page.headers.get('cache-control')).toBe('no-store');
    const text = main(page);
    expect(text).toContain('Du er logget på som privatperson');
    expect(text).toContain('Logget på med MitID');
    expect(text).toContain('openid profile');
    expect(text).toContain('Intet refresh token blev udstedt');
    // Claims appear in both tables, escaped: the name with markup is text, never HTML.
    expect(page.html).toContain('Mette &lt;b&gt;Larsen&lt;/b&gt;');
    expect(page.html).not.toContain('<b>Larsen</b>');
    expect(page.html).toMatch(/id="id-token"[\s\S]*<code>nonce<\/code>[\s\S]*id="userinfo"[\s\S]*<code>birthdate<\/code>/);
    // No script anywhere, no inline styles: the strict CSP holds.
    expect(page.html).not.toMatch(/<script|style=/i);
    // The switch link keeps the scopes and asks to choose again.
    const switchHref = /href="([^"]*prompt=select_account[^"]*)"/.exec(page.html)?.[1]?.replace(/&amp;/g, '&');
    expect(switchHref).toBeDefined();
    const switchUrl = new URL(switchHref!, op.origin);
    expect(switchUrl.pathname).toBe('/demo-rp/login');
    expect(switchUrl.searchParams.get('scope')).toBe('openid profile');
  });

  it('shows "on behalf of <org> (CVR …)" for a professional context, with privileges as JSON', async () => {
    const browser = new TinyBrowser();
    const page = await login(browser, 'lang=en&scope=openid&scope=professional&scope=privileges&scope=email', 'business-user');
    const text = main(page);
    expect(text).toContain('You are logged in on behalf of Nordisk Revision A/S (CVR 34567891)');
    expect(text).toContain('MitID Erhverv');
    expect(page.html).toContain('urn:dk:gov:saml:cvrNumberIdentifier:34567891');
    expect(text).toContain('sofie@nordisk-revision.example');
  });

  it('asks for consent with offline_access and reports that a refresh token was issued', async () => {
    const browser = new TinyBrowser();
    const redirect = await browser.request(`${op.origin}/demo-rp/login?scope=openid&scope=offline_access&prompt=select_account`);
    expect(new URL(redirect.headers.get('location')!).searchParams.get('prompt')).toBe('select_account consent');
    const page = await login(browser, 'scope=openid&scope=offline_access', 'private-person');
    expect(main(page)).toContain('Et refresh token blev udstedt (vises ikke)');
    expect(main(page)).toContain('openid offline_access');
  });

  it('says the person cancelled when they aborted, with the OIDC error as technical detail', async () => {
    const browser = new TinyBrowser();
    const interaction = await browser.go(`${op.origin}/demo-rp/login?lang=en`);
    const uid = /\/interaction\/([\w-]+)/.exec(interaction.url)?.[1];
    expect(uid).toBeDefined();
    const page = await browser.go(`${op.origin}/interaction/${uid}/abort`);
    expect(page.status).toBe(400);
    expect(page.url).toBe(`${op.origin}/demo-rp/result`);
    const text = main(page);
    expect(text).toContain('Login cancelled');
    expect(text).toContain('You cancelled the login.');
    expect(text).not.toContain('Login failed');
    expect(text).toMatch(/Technical detail for the service's developers Error code access_denied Description End-User aborted interaction/);
    const reloaded = await browser.request(page.url);
    expect(main(reloaded)).toBe(text);
  });

  it('refuses a replayed callback and a callback without a pending login, without echoing its error text', async () => {
    const browser = new TinyBrowser();
    const page = await login(browser, '', 'private-person');
    expect(page.status).toBe(200);
    const callback = browser.visited.find((url) => url.includes('/demo-rp/callback?'))!;
    const replay = await browser.request(callback);
    expect(replay.status).toBe(400);
    expect(main(replay)).toContain('Dette login er udløbet eller allerede brugt');

    const stranger = new TinyBrowser();
    const forged = await stranger.request(`${op.origin}/demo-rp/callback?error=access_denied&error_description=Call+0800+now&state=x`);
    expect(forged.status).toBe(400);
    expect(forged.html).not.toContain('0800');
  });

  it('refuses a callback whose state does not match the pending login', async () => {
    const browser = new TinyBrowser();
    const interaction = await browser.go(`${op.origin}/demo-rp/login`);
    const atCallback = (url: string) => url.includes('/demo-rp/callback');
    let stopped = await browser.submit(interaction, /\/interaction\//, { login: 'private-person', password: 'x' }, atCallback);
    if (/name="prompt" value="consent"/.test(stopped.html)) stopped = await browser.submit(stopped, /\/interaction\//, {}, atCallback);
    const tampered = new URL(stopped.url);
    expect(tampered.pathname).toBe('/demo-rp/callback');
    expect(tampered.searchParams.get('code')).toBeTruthy();
    tampered.searchParams.set('state', 'not-the-state');
    const page = await browser.request(tampered.href);
    expect(page.status).toBe(502);
    expect(main(page)).toContain('Noget gik galt');
    expect(main(page)).not.toContain('logget på som');
  });

  it('logs out at the end_session_endpoint with id_token_hint and comes back to a logged-out home page', async () => {
    const browser = new TinyBrowser();
    await login(browser, 'lang=en', 'private-person');
    const home = await browser.go(`${op.origin}/demo-rp/?lang=en`);
    expect(main(home)).toContain('You are logged in as a private person');

    const toOp = await browser.request(`${op.origin}/demo-rp/logout`);
    expect(toOp.status).toBe(302);
    const endSession = new URL(toOp.headers.get('location')!);
    expect(endSession.pathname).toBe('/session/end');
    expect(endSession.searchParams.get('id_token_hint')).toMatch(/^ey/);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${op.origin}/demo-rp/`);
    expect(endSession.searchParams.get('ui_locales')).toBe('en');

    const confirm = await browser.go(endSession.href);
    const back = await browser.submit(confirm, /\/session\/end\/confirm/, { logout: 'yes' });
    expect(back.url).toMatch(new RegExp(`^${op.origin}/demo-rp/\\?state=`));
    const text = main(back);
    expect(text).toContain('You have been logged out of Digital Post and Kontekst');
    expect(text).not.toContain('You are logged in');
    // A second logout has nothing to end: straight home.
    const again = await browser.request(`${op.origin}/demo-rp/logout?lang=en`);
    expect(again.headers.get('location')).toBe('/demo-rp/?lang=en');
  });
});
