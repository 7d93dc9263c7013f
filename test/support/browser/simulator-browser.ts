// The test browser pointed at one site (the MitID simulator, or Kontekst): follows redirects inside it, stops when sent out.
import { parseForms, type PageForm } from './html.ts';
import { formBody, TestBrowser, type RequestInit } from './test-browser.ts';

export interface SimulatorPage {
  url: URL;
  status: number;
  headers: Headers;
  html: string;
  /** `data-page` of the page: login, means, app, code, chip, locked, unmet, error, logout; chooser, consent… */
  name?: string;
  forms: PageForm[];
  /** Set when the browser was sent out of the site (to the client's redirect_uri). */
  callbackUrl?: URL;
}

export class SimulatorDriverError extends Error {
  constructor(
    message: string,
    readonly page: SimulatorPage,
  ) {
    super(`${message} (page ${page.name ?? '?'} at ${page.url.pathname}, status ${page.status})`);
    this.name = 'SimulatorDriverError';
  }
}

/** A browser without JavaScript: follows redirects inside the site and stops when sent elsewhere. */
export class SimulatorBrowser extends TestBrowser {
  /** @param simulatorBase URL prefix of the site (for the simulator: its issuer); a redirect elsewhere ends navigation. */
  constructor(readonly simulatorBase: string) {
    super();
  }

  open(url: URL | string): Promise<SimulatorPage> {
    return this.#navigate(new URL(url), { method: 'GET' });
  }

  /** Submits a form of the page, optionally with changed fields and a clicked button. */
  submit(page: SimulatorPage, formId: string, options: { fields?: Record<string, string>; button?: { name: string; value: string } } = {}): Promise<SimulatorPage> {
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
  post(url: URL | string, fields: Record<string, string>): Promise<SimulatorPage> {
    return this.#navigate(new URL(url), { method: 'POST', ...formBody(fields) });
  }

  async #navigate(url: URL, init: RequestInit): Promise<SimulatorPage> {
    const response = await this.follow(url, init, (next) => !this.#inside(next));
    if (response.location) {
      return { url: response.url, status: response.status, headers: response.headers, html: '', forms: [], callbackUrl: response.location };
    }
    const { html } = response;
    return {
      url: response.url,
      status: response.status,
      headers: response.headers,
      html,
      name: /data-page="([\w-]+)"/.exec(html)?.[1],
      forms: parseForms(html, response.url),
    };
  }

  #inside(next: URL): boolean {
    const base = this.simulatorBase.replace(/\/+$/, '');
    return next.href === base || next.href.startsWith(`${base}/`);
  }
}
