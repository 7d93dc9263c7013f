// A tiny fetch-based browser for tests: one cookie jar, manual redirects, and plain-HTML form submission.

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

const decode = (value: string) =>
  value.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCharCode(parseInt(n, 16)))
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return match ? decode(match[2] ?? match[3] ?? '') : undefined;
}

/** Forms of a page, with hidden/text inputs (checked ones for checkboxes and radios) as default fields. */
export function formsOf(page: Page): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const match of page.html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const [, open = '', inner = ''] = match;
    const fields: Record<string, string> = {};
    for (const input of inner.matchAll(/<input\b[^>]*>/gi)) {
      const tag = input[0];
      const name = attribute(tag, 'name');
      const type = (attribute(tag, 'type') ?? 'text').toLowerCase();
      if (!name || /\sdisabled[\s>]/i.test(tag)) continue;
      if ((type === 'checkbox' || type === 'radio') && !/\schecked[\s>/]/i.test(tag)) continue;
      fields[name] = attribute(tag, 'value') ?? '';
    }
    forms.push({
      action: new URL(attribute(open, 'action') ?? page.url, page.url).href,
      method: (attribute(open, 'method') ?? 'get').toLowerCase(),
      fields,
    });
  }
  return forms;
}

export class TinyBrowser {
  private readonly cookies = new Map<string, string>();
  /** Every URL requested, in order: lets tests assert on the authorization request. */
  readonly visited: string[] = [];

  constructor(private readonly acceptLanguage = 'da') {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  private remember(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      // An expired or emptied cookie is a deletion.
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** One request, no redirect following. Same-host demo: the jar ignores domain and path. */
  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Page> {
    this.visited.push(url);
    const headers: Record<string, string> = { 'accept-language': this.acceptLanguage };
    if (this.cookies.size > 0) headers['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    this.remember(response.headers);
    return { url, status: response.status, headers: response.headers, html: await response.text() };
  }

  /** Follows redirects until a page that is not a redirect; `stopAt` ends early on a matching URL (not requested). */
  async go(url: string, init: { method?: string; form?: Record<string, string> } = {}, stopAt?: (url: string) => boolean): Promise<Page> {
    let page = await this.request(url, init);
    for (let hops = 0; page.status >= 300 && page.status < 400; hops++) {
      if (hops > 20) throw new Error('too many redirects');
      const next = new URL(page.headers.get('location') ?? '', page.url).href;
      if (stopAt?.(next)) return { ...page, url: next };
      page = await this.request(next);
    }
    return page;
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

/** Visible text of an HTML fragment, whitespace collapsed: for asserting what a person reads. */
export function textOf(html: string): string {
  return decode(html.replace(/<script[\s\S]*?<\/script>/gi, '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
}
