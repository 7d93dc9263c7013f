// The demo RP tests' browser: the shared test browser with an Accept-Language, string URLs and forms found by action.
import { parseForms, textOf } from '../../support/browser/html.ts';
import { formBody, TestBrowser, type RequestInit } from '../../support/browser/test-browser.ts';

export { textOf };

export interface Page {
  url: string;
  status: number;
  headers: Headers;
  html: string;
}

export interface HtmlForm {
  action: string;
  method: string;
  fields: Record<string, string>;
}

/** Forms of a page, with what a browser submits by default as fields. */
export function formsOf(page: Page): HtmlForm[] {
  return parseForms(page.html, new URL(page.url)).map((form) => ({ action: form.action.href, method: form.method, fields: form.fields }));
}

export class TinyBrowser extends TestBrowser {
  /** Every URL requested, in order: lets tests assert on the authorization request. */
  readonly visited: string[] = [];

  constructor(acceptLanguage = 'da') {
    super({ 'accept-language': acceptLanguage });
  }

  cookie(name: string): string | undefined {
    return this.jar.value(name);
  }

  override send(url: URL, init: RequestInit) {
    this.visited.push(url.href);
    return super.send(url, init);
  }

  /** One request, no redirect following. */
  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Page> {
    return pageOf(await this.send(new URL(url), requestInit(init)));
  }

  /** Follows redirects until a page that is not a redirect; `stopAt` ends early on a matching URL (not requested). */
  async go(url: string, init: { method?: string; form?: Record<string, string> } = {}, stopAt?: (url: string) => boolean): Promise<Page> {
    const response = await this.follow(new URL(url), requestInit(init), stopAt && ((next) => stopAt(next.href)));
    return response.location ? { ...pageOf(response), url: response.location.href } : pageOf(response);
  }

  /** Submits a form of the page (the first whose action matches), with extra fields as a clicked button would add. */
  async submit(page: Page, actionPattern: RegExp, extra: Record<string, string> = {}, stopAt?: (url: string) => boolean): Promise<Page> {
    const form = formsOf(page).find((candidate) => actionPattern.test(candidate.action));
    if (!form) throw new Error(`no form matching ${actionPattern} on ${page.url} (status ${page.status}): ${page.html.slice(0, 400)}`);
    const fields = { ...form.fields, ...extra };
    if (form.method === 'get') {
      const target = new URL(form.action);
      for (const [k, v] of Object.entries(fields)) target.searchParams.append(k, v);
      return this.go(target.href, {}, stopAt);
    }
    return this.go(form.action, { form: fields }, stopAt);
  }
}

function requestInit(init: { method?: string; form?: Record<string, string> }): RequestInit {
  return { method: init.method ?? (init.form ? 'POST' : 'GET'), ...(init.form ? formBody(init.form) : {}) };
}

function pageOf(response: { url: URL; status: number; headers: Headers; html: string }): Page {
  return { url: response.url.href, status: response.status, headers: response.headers, html: response.html };
}
