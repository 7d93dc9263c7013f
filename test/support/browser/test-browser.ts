// The one test browser: fetch with a real cookie jar (tough-cookie), manual redirects and form submission.
import { CookieJar as ToughCookieJar } from 'tough-cookie';

/** A cookie jar with the domain, path and expiry rules of a browser; the two calls tests use on it directly. */
export class CookieJar {
  readonly #jar = new ToughCookieJar();

  /** Stores a response's Set-Cookie headers for the URL that sent them. */
  store(url: URL | string, setCookies: string[]): void {
    for (const header of setCookies) this.#jar.setCookieSync(header, String(url), { ignoreError: true });
  }

  /** The Cookie header a browser would send to the URL, if any. */
  header(url: URL | string): string | undefined {
    return this.#jar.getCookieStringSync(String(url)) || undefined;
  }

  /** Names of every stored, unexpired cookie. */
  names(): string[] {
    return this.#cookies().flatMap((cookie) => (cookie.key ? [cookie.key] : []));
  }

  /** The value of a stored cookie by name (any host or path). */
  value(name: string): string | undefined {
    return this.#cookies().find((cookie) => cookie.key === name)?.value;
  }

  #cookies() {
    return this.#jar.serializeSync()?.cookies ?? [];
  }
}

export interface RequestInit {
  method: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface Response {
  url: URL;
  status: number;
  headers: Headers;
  /** The redirect target, for a 3xx with a Location. */
  location?: URL;
  html: string;
}

/** Sends requests with the jar's cookies and remembers what comes back; follows nothing itself. */
export class TestBrowser {
  jar = new CookieJar();

  constructor(protected readonly defaultHeaders: Record<string, string> = {}) {}

  async send(url: URL, init: RequestInit): Promise<Response> {
    const cookie = this.jar.header(url);
    const response = await fetch(url, {
      method: init.method,
      body: init.body,
      redirect: 'manual',
      headers: { ...this.defaultHeaders, ...init.headers, ...(cookie ? { cookie } : {}) },
    });
    this.jar.store(url, response.headers.getSetCookie());
    const location = response.headers.get('location');
    const redirect = response.status >= 300 && response.status < 400 && location ? new URL(location, url) : undefined;
    return { url, status: response.status, headers: response.headers, location: redirect, html: await response.text() };
  }

  /**
   * Sends, then follows redirects with GET until a page that is not a redirect, or until `stopAt` says the next
   * URL is not to be requested (then the last response carries it as `location`).
   */
  async follow(url: URL, init: RequestInit, stopAt?: (next: URL) => boolean): Promise<Response> {
    let response = await this.send(url, init);
    for (let hop = 0; response.location; hop += 1) {
      if (hop >= 20) throw new Error(`too many redirects from ${url.href}`);
      if (stopAt?.(response.location)) return response;
      response = await this.send(response.location, { method: 'GET' });
    }
    return response;
  }
}

/** A form body as a browser encodes it. */
export function formBody(fields: Record<string, string>): Pick<RequestInit, 'body' | 'headers'> {
  return { body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}
