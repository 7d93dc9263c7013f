// Drives the MitID simulator's pages over real HTTP like a browser without JavaScript: fetch, a cookie jar, form parsing.
import type { Means } from '../../src/domain/mitid.ts';

/** One `<form>` of a page, with the values a browser would submit and its submit buttons. */
export interface PageForm {
  id?: string;
  method: string;
  action: URL;
  fields: Record<string, string>;
  buttons: { name?: string; value?: string; text: string; disabled: boolean }[];
}

export interface SimulatorPage {
  url: URL;
  status: number;
  headers: Headers;
  html: string;
  /** `data-page` of the simulator page: login, means, app, code, chip, locked, unmet, error, logout. */
  name?: string;
  forms: PageForm[];
  /** Set when the browser was sent out of the simulator (to the client's redirect_uri). */
  callbackUrl?: URL;
}

export class SimulatorDriverError extends Error {
  constructor(message: string, readonly page: SimulatorPage) {
    super(`${message} (page ${page.name ?? '?'} at ${page.url.pathname}, status ${page.status})`);
    this.name = 'SimulatorDriverError';
  }
}

interface StoredCookie {
  name: string;
  value: string;
  host: string;
  path: string;
  expiresAt?: number;
}

/** A minimal cookie jar: host-only cookies, path matching, Max-Age/Expires; enough for oidc-provider and the pages. */
export class CookieJar {
  readonly #cookies = new Map<string, StoredCookie>();

  store(url: URL, setCookies: string[]): void {
    for (const header of setCookies) {
      const [pair, ...attributes] = header.split(';');
      const eq = pair!.indexOf('=');
      if (eq < 1) continue;
      const cookie: StoredCookie = {
        name: pair!.slice(0, eq).trim(),
        value: pair!.slice(eq + 1).trim(),
        host: url.host,
        path: url.pathname.replace(/\/[^/]*$/, '') || '/',
      };
      for (const attribute of attributes) {
        const [rawKey, ...rest] = attribute.split('=');
        const key = rawKey!.trim().toLowerCase();
        const value = rest.join('=').trim();
        if (key === 'path' && value.startsWith('/')) cookie.path = value;
        if (key === 'max-age') cookie.expiresAt = Date.now() + Number(value) * 1000;
        if (key === 'expires' && cookie.expiresAt === undefined) cookie.expiresAt = Date.parse(value);
      }
      const key = `${cookie.host}|${cookie.path}|${cookie.name}`;
      if (cookie.expiresAt !== undefined && cookie.expiresAt <= Date.now()) this.#cookies.delete(key);
      else this.#cookies.set(key, cookie);
    }
  }

  header(url: URL): string | undefined {
    const now = Date.now();
    const matching = [...this.#cookies.values()].filter(
      (cookie) =>
        cookie.host === url.host &&
        (cookie.expiresAt === undefined || cookie.expiresAt > now) &&
        (url.pathname === cookie.path || url.pathname.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`)),
    );
    return matching.length ? matching.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ') : undefined;
  }

  names(): string[] {
    return [...this.#cookies.values()].map((cookie) => cookie.name);
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#34': '"', '#39': "'", apos: "'" };

export function decodeHtml(text: string): string {
  return text.replace(/&(#?\w+);/g, (whole, name: string) => ENTITIES[name] ?? whole);
}

function attributes(tag: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const match of tag.matchAll(/([\w:-]+)(?:\s*=\s*"([^"]*)")?/g)) {
    if (match.index === 0) continue; // the tag name itself
    result[match[1]!.toLowerCase()] = decodeHtml(match[2] ?? '');
  }
  return result;
}

/** Parses the forms of a page (and buttons outside a form that point at one with form="…"). */
export function parseForms(html: string, pageUrl: URL): PageForm[] {
  const forms: PageForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = attributes(`form ${match[1]}`);
    const inner = match[2]!;
    const fields: Record<string, string> = {};
    for (const input of inner.matchAll(/<input\b([^>]*)>/gi)) {
      const inputAttrs = attributes(`input ${input[1]}`);
      if (inputAttrs.name) fields[inputAttrs.name] = inputAttrs.value ?? '';
    }
    forms.push({
      id: attrs.id,
      method: (attrs.method ?? 'get').toLowerCase(),
      action: new URL(attrs.action || pageUrl.href, pageUrl),
      fields,
      buttons: [...inner.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)].map((button) => buttonOf(button[1]!, button[2]!)),
    });
  }
  for (const button of html.matchAll(/<button\b([^>]*\bform="([^"]+)"[^>]*)>([\s\S]*?)<\/button>/gi)) {
    forms.find((form) => form.id === button[2])?.buttons.push(buttonOf(button[1]!, button[3]!));
  }
  return forms;
}

function buttonOf(rawAttributes: string, text: string): PageForm['buttons'][number] {
  const attrs = attributes(`button ${rawAttributes}`);
  return { name: attrs.name, value: attrs.value, text: decodeHtml(text.replace(/<[^>]+>/g, '').trim()), disabled: 'disabled' in attrs };
}

/** A browser without JavaScript: follows redirects inside the simulator and stops when sent back to the client. */
export class SimulatorBrowser {
  readonly jar = new CookieJar();

  /** @param simulatorBase URL prefix of the simulator (its issuer); a redirect elsewhere ends navigation. */
  constructor(readonly simulatorBase: string) {}

  async open(url: URL | string): Promise<SimulatorPage> {
    return this.#request(new URL(url), { method: 'GET' });
  }

  /** Submits a form of the page, optionally with changed fields and a clicked button. */
  async submit(page: SimulatorPage, formId: string, options: { fields?: Record<string, string>; button?: { name: string; value: string } } = {}): Promise<SimulatorPage> {
    const form = page.forms.find((candidate) => candidate.id === formId);
    if (!form) throw new SimulatorDriverError(`no form #${formId}`, page);
    if (options.button) {
      const button = form.buttons.find((candidate) => candidate.name === options.button!.name && candidate.value === options.button!.value);
      if (!button) throw new SimulatorDriverError(`no button ${options.button.name}=${options.button.value} in #${formId}`, page);
      if (button.disabled) throw new SimulatorDriverError(`button ${options.button.name}=${options.button.value} is disabled`, page);
    }
    const fields = { ...form.fields, ...options.fields, ...(options.button ? { [options.button.name]: options.button.value } : {}) };
    return this.post(form.action, fields);
  }

  /** Posts raw form fields (also for tampering tests). */
  async post(url: URL | string, fields: Record<string, string>): Promise<SimulatorPage> {
    return this.#request(new URL(url), {
      method: 'POST',
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  async #request(url: URL, init: { method: string; body?: string; headers?: Record<string, string> }): Promise<SimulatorPage> {
    let current = url;
    let request = init;
    for (let hop = 0; hop < 20; hop += 1) {
      const cookie = this.jar.header(current);
      const response = await fetch(current, {
        method: request.method,
        body: request.body,
        redirect: 'manual',
        headers: { ...request.headers, ...(cookie ? { cookie } : {}) },
      });
      this.jar.store(current, response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        const next = new URL(location, current);
        await response.arrayBuffer();
        if (!this.#insideSimulator(next)) {
          return { url: current, status: response.status, headers: response.headers, html: '', forms: [], callbackUrl: next };
        }
        current = next;
        request = { method: 'GET' };
        continue;
      }
      const html = await response.text();
      return {
        url: current,
        status: response.status,
        headers: response.headers,
        html,
        name: /data-page="([\w-]+)"/.exec(html)?.[1],
        forms: parseForms(html, current),
      };
    }
    throw new Error(`too many redirects from ${url.href}`);
  }

  #insideSimulator(next: URL): boolean {
    const base = this.simulatorBase.replace(/\/+$/, '');
    return next.href === base || next.href.startsWith(`${base}/`);
  }
}

export interface LoginSteps {
  userId: string;
  means: Means;
  pin?: string;
  /** Wrong codes (or PINs) to type before the right one. */
  wrongCodes?: number;
  /** Cancel on the first page instead of logging in. */
  cancel?: boolean;
  /** true: require biometrics; false: refuse them even if offered (use the PIN). Default: biometrics when offered. */
  useBiometrics?: boolean;
  /** Reuse a browser (its cookies: the simulator's SSO session); a fresh one otherwise. */
  browser?: SimulatorBrowser;
  /** When the user has no means reaching the level: press "back to the service" (default) instead of failing. */
  acceptUnmet?: boolean;
}

/**
 * Logs in at the simulator from an authorization URL, like a tester clicking through the pages.
 * Resolves with the redirect back to the client (code or error) and the HTML of every page seen;
 * throws SimulatorDriverError (with the page) when a page does not let the steps continue.
 */
export async function completeSimulatorLogin(authorizationUrl: URL | string, steps: LoginSteps): Promise<{ callbackUrl: URL; pages: string[] }> {
  const authUrl = new URL(authorizationUrl);
  const browser = steps.browser ?? new SimulatorBrowser(new URL('.', authUrl).href.replace(/\/$/, ''));
  const pages: string[] = [];
  const done = (page: SimulatorPage): { callbackUrl: URL; pages: string[] } | undefined => {
    if (page.html) pages.push(page.html);
    return page.callbackUrl ? { callbackUrl: page.callbackUrl, pages } : undefined;
  };

  let page = await browser.open(authUrl);
  let result = done(page);
  if (result) return result;
  if (steps.cancel) return finishOrThrow(await browser.submit(page, 'cancel-form'), done, 'cancel did not return to the client');

  expectPage(page, 'login');
  page = await browser.submit(page, 'login-form', { fields: { userId: steps.userId } });
  if ((result = done(page))) return result;
  if (page.name === 'unmet' && steps.acceptUnmet !== false) {
    return finishOrThrow(await browser.submit(page, 'unmet-form'), done, 'unmet did not return to the client');
  }
  expectPage(page, 'means');
  page = await browser.submit(page, 'means-form', { button: { name: 'means', value: steps.means } });
  if ((result = done(page))) return result;

  switch (steps.means) {
    case 'app': {
      expectPage(page, 'app');
      const biometricsOffered = page.forms.some((form) => form.id === 'biometrics-form');
      if (steps.useBiometrics === true && !biometricsOffered) throw new SimulatorDriverError('biometrics not offered', page);
      const useBiometrics = biometricsOffered && steps.useBiometrics !== false && steps.pin === undefined;
      if (useBiometrics) {
        page = await browser.submit(page, 'biometrics-form');
        break;
      }
      if (steps.pin === undefined) throw new SimulatorDriverError('a PIN is required', page);
      for (let i = 0; i < (steps.wrongCodes ?? 0); i += 1) {
        page = await browser.submit(page, 'pin-form', { fields: { pin: wrongOf(steps.pin) } });
        if ((result = done(page))) return result;
        expectPage(page, 'app');
      }
      page = await browser.submit(page, 'pin-form', { fields: { pin: steps.pin } });
      break;
    }
    case 'code_display':
    case 'code_reader': {
      for (let i = 0; i < (steps.wrongCodes ?? 0); i += 1) {
        expectPage(page, 'code');
        page = await browser.submit(page, 'code-form', { fields: { code: wrongOf(shownCode(page)) } });
        if ((result = done(page))) return result;
      }
      expectPage(page, 'code');
      page = await browser.submit(page, 'code-form', { fields: { code: shownCode(page) } });
      break;
    }
    case 'chip':
      expectPage(page, 'chip');
      page = await browser.submit(page, 'chip-form');
      break;
  }
  return finishOrThrow(page, done, 'the last step did not return to the client');
}

/** The one-time code a code display / code reader page shows. */
export function shownCode(page: SimulatorPage): string {
  const code = /<output id="one-time-code">(\d{6})<\/output>/.exec(page.html)?.[1];
  if (!code) throw new SimulatorDriverError('no one-time code shown', page);
  return code;
}

/** A value of the same shape that is certainly wrong. */
export function wrongOf(secret: string): string {
  return secret
    .split('')
    .map((digit) => String((Number(digit) + 1) % 10))
    .join('');
}

export function expectPage(page: SimulatorPage, name: string): void {
  if (page.name !== name) throw new SimulatorDriverError(`expected page ${name}`, page);
}

function finishOrThrow(
  page: SimulatorPage,
  done: (page: SimulatorPage) => { callbackUrl: URL; pages: string[] } | undefined,
  message: string,
): { callbackUrl: URL; pages: string[] } {
  const result = done(page);
  if (!result) throw new SimulatorDriverError(message, page);
  return result;
}
