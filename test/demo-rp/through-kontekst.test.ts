// The demo RP through a whole Kontekst (its MitID simulator, chooser and provider) in one process over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.ts';
import { buildKontekst, type Kontekst } from '../../src/bootstrap.ts';
import { demoRelyingParty } from '../../src/demo-rp/index.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { TinyBrowser, formsOf } from './support/browser.ts';
import { loginThroughKontekst, mainText } from './support/kontekst-journey.ts';

let server: Server;
let kontekst: Kontekst;
let base: string;
let keysDir: string;

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  keysDir = await mkdtemp(join(tmpdir(), 'demo-rp-keys-'));
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: base, LOG_LEVEL: 'silent', KEYS_DIR: keysDir });
  // Exactly what src/main.ts does.
  const demo = await demoRelyingParty(config);
  kontekst = await buildKontekst(config, silentLogger(), { extraClients: [demo.client], extraRouters: () => [demo.router] });
  server.on('request', kontekst.app.callback());
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await kontekst?.close();
  if (keysDir) await rm(keysDir, { recursive: true, force: true });
});

describe('demo RP through Kontekst', () => {
  it('jens.hansen chooses Tømrermester Hansen ApS and the RP shows that context and its claims', async () => {
    const { page, chooser } = await loginThroughKontekst(
      new TinyBrowser(), base, 'jens.hansen', 'lang=en&scope=openid&scope=profile&scope=professional&prompt=select_account', 'professional:cvr:12345674',
    );
    expect(chooser).toContain('As a private person');
    expect(chooser).toContain('Tømrermester Hansen ApS');
    expect(page.status).toBe(200);
    const text = mainText(page);
    expect(text).toContain('You are logged in on behalf of Tømrermester Hansen ApS (CVR 12345674)');
    expect(text).toContain('openid profile professional');
    expect(page.html).toContain('<code>professional.uuid</code>');
    expect(page.html).not.toContain('<code>birthdate</code>');
    expect(page.html).not.toContain('<code>dk.cpr</code>');
  });

  it('jens.hansen as a private person: no professional claim reaches the page', async () => {
    const { page } = await loginThroughKontekst(new TinyBrowser(), base, 'jens.hansen', 'hint=private&scope=openid&scope=profile&scope=professional');
    expect(mainText(page)).toContain('Du er logget på som privatperson');
    expect(page.html).toContain('<code>birthdate</code>');
    expect(page.html).not.toContain('<code>professional.');
  });

  it("a login_hint Kontekst cannot satisfy ends on the RP's error page with Kontekst's reason", async () => {
    const { page, refusal } = await loginThroughKontekst(new TinyBrowser(), base, 'jens.hansen', 'hint=professional&cvr=34567891&lang=en');
    expect(refusal).toContain('Nordisk Revision A/S');
    expect(page.status).toBe(400);
    const text = mainText(page);
    expect(text).toContain('Login failed');
    expect(text).toContain('access_denied');
    expect(text).toContain('Nordisk Revision A/S requires a dedicated business MitID');
  });

  it('a person pressing "Afbryd" on the chooser reads that they cancelled, not that Kontekst refused', async () => {
    const browser = new TinyBrowser();
    let page = await browser.go(`${base}/demo-rp/login?hint=any`);
    // Through MitID to Kontekst's chooser (jens.hansen has two contexts), then "Afbryd" instead of a choice.
    for (let step = 0; step < 8 && !formsOf(page).some((form) => form.action.endsWith('/choose')); step++) {
      const actions = formsOf(page).map((form) => new URL(form.action).pathname);
      if (actions.some((action) => action.endsWith('/login'))) page = await browser.submit(page, /\/login$/, { userId: 'jens.hansen' });
      else if (actions.some((action) => action.endsWith('/means'))) page = await browser.submit(page, /\/means$/, { means: 'app' });
      else if (actions.some((action) => action.endsWith('/app'))) page = await browser.submit(page, /\/app$/, { method: 'pin', pin: '1357' });
    }
    page = await browser.submit(page, /\/abort$/);
    expect(new URL(page.url).pathname).toBe('/demo-rp/result');
    const text = mainText(page);
    expect(text).toContain('Login afbrudt');
    expect(text).toContain('Du afbrød login.');
    expect(text).not.toMatch(/afviste|mislykkedes/);
    expect(text).toContain('The user cancelled the login'); // the error_description, as technical detail
  });
});
