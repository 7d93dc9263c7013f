// The benchmark's scripted client: plain fetch with manual redirects and one cookie jar per simulated person.
import { createHash, randomBytes } from 'node:crypto';
import { CookieJar, parseForms, type PageForm } from '../test/support/simulator-driver.ts';
import { BENCH_CLIENT } from './clients.ts';

export interface Page {
  url: URL;
  status: number;
  html: string;
  /** Set when a redirect left the allowed origins (to the relying party's redirect_uri). */
  callbackUrl?: URL;
}

/** One HTTP exchange the browser made (each hop of a redirect chain is one). */
export interface Hop {
  method: string;
  url: URL;
  status: number;
}

/**
 * One person's browser without JavaScript: follows redirects within `origins` (Kontekst, and an upstream
 * MitID simulator running as its own server), stops at a page or at a redirect to any other origin (the
 * relying party's redirect_uri). `onHop` runs after each exchange, before the next (the Redis breakdown).
 */
export class Browser {
  readonly jar = new CookieJar();
  readonly #origins: ReadonlySet<string>;

  constructor(
    origins: string | readonly string[],
    private readonly onHop?: (hop: Hop) => Promise<void>,
  ) {
    this.#origins = new Set((typeof origins === 'string' ? [origins] : origins).map((origin) => new URL(origin).origin));
  }

  async open(url: URL | string): Promise<Page> {
    return this.#go(new URL(url), 'GET');
  }

  async post(url: URL | string, fields: Record<string, string>): Promise<Page> {
    return this.#go(new URL(url), 'POST', new URLSearchParams(fields).toString());
  }

  async submit(page: Page, formId: string | ((form: PageForm) => boolean), extra: Record<string, string> = {}): Promise<Page> {
    const forms = parseForms(page.html, page.url);
    const form = forms.find((candidate) => (typeof formId === 'string' ? candidate.id === formId : formId(candidate)));
    if (!form) throw new Error(`no form ${String(formId)} on ${page.url.pathname} (${page.status}): ${page.html.slice(0, 300)}`);
    return this.post(form.action, { ...form.fields, ...extra });
  }

  async #go(start: URL, method: string, body?: string): Promise<Page> {
    let url = start;
    let init: { method: string; body?: string } = { method, body };
    for (let hop = 0; hop < 20; hop += 1) {
      const cookie = this.jar.header(url);
      const response = await fetch(url, {
        method: init.method,
        body: init.body,
        redirect: 'manual',
        headers: { ...(init.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...(cookie ? { cookie } : {}) },
      });
      this.jar.store(url, response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.arrayBuffer();
        await this.onHop?.({ method: init.method, url, status: response.status });
        const next = new URL(location, url);
        if (!this.#origins.has(next.origin)) return { url, status: response.status, html: '', callbackUrl: next };
        url = next;
        init = { method: 'GET' };
        continue;
      }
      const html = await response.text();
      await this.onHop?.({ method: init.method, url, status: response.status });
      return { url, status: response.status, html };
    }
    throw new Error(`too many redirects from ${start.href}`);
  }
}

export interface AuthRequest {
  url: URL;
  verifier: string;
  state: string;
}

export function authRequest(issuer: string, params: Record<string, string>): AuthRequest {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const url = new URL(`${issuer}/auth`);
  const query = {
    client_id: BENCH_CLIENT.client_id,
    redirect_uri: BENCH_CLIENT.redirect_uris[0]!,
    response_type: 'code',
    scope: 'openid',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state,
    nonce: randomBytes(16).toString('base64url'),
    ...params,
  };
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return { url, verifier, state };
}

const BASIC = `Basic ${Buffer.from(`${encodeURIComponent(BENCH_CLIENT.client_id)}:${encodeURIComponent(BENCH_CLIENT.client_secret!)}`).toString('base64')}`;

export interface TokenSet {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
}

/** POST /token with client_secret_basic; throws unless 200. */
export async function token(issuer: string, fields: Record<string, string>): Promise<TokenSet> {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  const body = (await response.json()) as TokenSet & { error?: string };
  if (response.status !== 200) throw new Error(`token ${fields['grant_type']}: ${response.status} ${body.error}`);
  return body;
}

export async function redeemCode(issuer: string, callbackUrl: URL, request: AuthRequest): Promise<TokenSet> {
  const code = callbackUrl.searchParams.get('code');
  if (!code) throw new Error(`no code: ${callbackUrl.search}`);
  if (callbackUrl.searchParams.get('state') !== request.state) throw new Error('state mismatch');
  return token(issuer, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: BENCH_CLIENT.redirect_uris[0]!,
    code_verifier: request.verifier,
  });
}

export async function userinfo(issuer: string, accessToken: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${issuer}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
  if (response.status !== 200) throw new Error(`userinfo: ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}
