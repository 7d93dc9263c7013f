// The home page, stylesheet and refusals of the demo RP, on a Koa app holding only its router.
import { beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import request from 'supertest';
import { createDemoRouter } from '../../src/demo-rp/routes.ts';
import { lazyDiscovery } from '../../src/demo-rp/discovery.ts';
import { silentLogger } from '../../src/observability/logger.ts';

let app: Koa;
let closedPort: number;

beforeAll(async () => {
  // A port that was open a moment ago and is closed now: discovery against it really fails.
  const probe: Server = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));

  app = new Koa();
  const router = await createDemoRouter({
    publicUrl: 'http://127.0.0.1:1',
    oidc: lazyDiscovery({ issuer: `http://127.0.0.1:${closedPort}`, clientSecret: 's'.repeat(43), allowInsecureHttp: true, timeoutSeconds: 2 }),
    secureCookies: false,
    logger: silentLogger(),
  });
  app.use(router.routes());
});

const server = () => app.callback();

describe('home page', () => {
  it('is Danish by default, on /demo-rp and /demo-rp/', async () => {
    for (const path of ['/demo-rp', '/demo-rp/']) {
      const response = await request(server()).get(path).expect(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.text).toContain('<html lang="da">');
      expect(response.text).toContain('Digital Post — en demo af Kontekst');
      expect(response.text).toContain('Log på som privatperson');
      expect(response.text).toContain('Log på for en virksomhed');
      expect(response.text).toContain('Log på og vælg igen');
      expect(response.text).toContain('href="/demo-rp/?lang=en"');
    }
  });

  it('is English with ?lang=en', async () => {
    const response = await request(server()).get('/demo-rp/?lang=en').expect(200);
    expect(response.text).toContain('<html lang="en">');
    expect(response.text).toContain('Digital Post — a Kontekst demo');
    expect(response.text).toContain('Log in as private person');
    expect(response.text).toContain('Log in for a business');
    expect(response.text).toContain('Log in and choose again');
    expect(response.text).toContain('<input type="hidden" name="lang" value="en">');
    expect(response.text).not.toContain('Log på som');
  });

  it('has a plain GET form with every scope as a checkbox and the four login buttons', async () => {
    const html = (await request(server()).get('/demo-rp/').expect(200)).text;
    expect(html).toMatch(/<form method="get" action="\/demo-rp\/login">/);
    for (const scope of ['openid', 'profile', 'email', 'professional', 'privileges', 'cpr', 'mitid', 'offline_access']) {
      expect(html).toMatch(new RegExp(`<input type="checkbox" id="scope-${scope}" name="scope" value="${scope}"`));
      expect(html).toMatch(new RegExp(`<label for="scope-${scope}">`));
    }
    expect(html).toMatch(/<button type="submit" class="secondary" name="hint" value="private">/);
    expect(html).toMatch(/<button type="submit" class="secondary" name="hint" value="professional">/);
    expect(html).toMatch(/<button type="submit" class="secondary" name="prompt" value="select_account">/);
    expect(html).toMatch(/<label class="field" for="cvr">/);
  });

  it('uses no script and no inline style, only the two stylesheets', async () => {
    const html = (await request(server()).get('/demo-rp/').expect(200)).text;
    expect(html).not.toMatch(/<script|style=|<style|javascript:|\son\w+=/i);
    expect(html).toContain('<link rel="stylesheet" href="/assets/kontekst.css">');
    expect(html).toContain('<link rel="stylesheet" href="/demo-rp/assets/demo-rp.css">');
  });

  it('serves its stylesheet', async () => {
    const response = await request(server()).get('/demo-rp/assets/demo-rp.css').expect(200);
    expect(response.headers['content-type']).toMatch(/text\/css/);
    expect(response.text).toContain('body.demo-rp');
  });

  it('does not show a logged-out notice for a state it did not issue', async () => {
    const html = (await request(server()).get('/demo-rp/?state=made-up').expect(200)).text;
    expect(html).not.toContain('Du er logget af');
  });
});

describe('refusals without a provider', () => {
  it('an invalid login form is a 400 page that says what was wrong, in the form language', async () => {
    const response = await request(server()).get('/demo-rp/login?lang=en&scope=openid&scope=address%3Cb%3E').expect(400);
    expect(response.text).toContain('The request was not valid');
    expect(response.text).toContain('unknown scope &#34;address&lt;b&gt;&#34;');
    expect(response.headers['location']).toBeUndefined();
  });

  it('a callback without a pending login is refused as expired', async () => {
    const response = await request(server()).get('/demo-rp/callback?code=abc&state=xyz').expect(400);
    expect(response.text).toContain('Dette login er udløbet eller allerede brugt');
  });

  it('Kontekst not answering at login is a 503 page, and no cookie or redirect', async () => {
    const response = await request(server()).get('/demo-rp/login?lang=en').expect(503);
    expect(response.text).toContain('Kontekst is not answering right now');
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('logout without a session goes home', async () => {
    const response = await request(server()).get('/demo-rp/logout?lang=en').expect(302);
    expect(response.headers['location']).toBe('/demo-rp/?lang=en');
  });
});
