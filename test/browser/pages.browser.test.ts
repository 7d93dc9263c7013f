// Kontekst's pages as a citizen meets them, in Chromium with axe-core: error pages for bad links, the service's name,
// the language switch and footer, the one-context chooser, and the simulator's code, lock and means pages.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserWorld } from './support/browser-world-hooks.ts';
import { axeViolations } from './support/axe.ts';

const DEMO_RP = 'Digital Post (demo)';
const session = useBrowserWorld();

function openBrowser(locale = 'da-DK'): Promise<Page> {
  // axe-core needs timers, so page JavaScript is on here (the pages carry none; journey.browser.test.ts runs without it).
  return session.openPage({ locale, javaScriptEnabled: true });
}

async function heading(page: Page): Promise<string> {
  return (await page.locator('h1').textContent())?.trim() ?? '';
}

/** From the demo RP's home page to the simulator's user-ID page. */
async function toMitId(page: Page, button = 'Log på'): Promise<void> {
  await page.goto(`${session.world().url}/demo-rp`);
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.getByLabel('Bruger-ID', { exact: true }).waitFor();
}

describe('a bad link', () => {
  it("GET /nope is an HTML page with a title and a language, in the browser's language", async () => {
    const page = await openBrowser();
    const response = await page.goto(`${session.world().url}/nope`);
    expect(response?.status()).toBe(404);
    expect(await heading(page)).toBe('Siden findes ikke');
    expect(await page.title()).toBe('Siden findes ikke · Log på med MitID');
    expect(await axeViolations(page)).toEqual([]);

    const english = await openBrowser('en-GB');
    await english.goto(`${session.world().url}/nope`);
    expect(await heading(english)).toBe('The page does not exist');
    expect(await english.locator('html').getAttribute('lang')).toBe('en');
  });

  it('a GET on a simulator POST route is a 405 HTML page, with an Allow header', async () => {
    const page = await openBrowser();
    const response = await page.goto(`${session.world().url}/mitid-sim/interaction/abc/login`);
    expect(response?.status()).toBe(405);
    expect(response?.headers()['allow']).toContain('POST');
    expect(await heading(page)).toBe('Siden kan ikke bruges sådan');
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('the chooser', () => {
  it('names the service in the header, switches language and keeps it, and links help in the footer', async () => {
    const page = await openBrowser();
    await toMitId(page);
    await page.getByLabel('Bruger-ID', { exact: true }).fill('jens.hansen');
    await page.getByRole('button', { name: 'Fortsæt', exact: true }).click();
    await page.getByRole('button', { name: /^MitID app \(/ }).click();
    await page.getByLabel('PIN-kode', { exact: true }).fill('1357');
    await page.getByRole('button', { name: 'Godkend', exact: true }).click();

    expect(await heading(page)).toBe('Hvordan vil du logge på?');
    expect(await page.getByRole('banner').textContent()).toContain(`Log på ${DEMO_RP}`);
    expect(await page.getByRole('banner').textContent()).not.toContain('Kontekst');
    const group = page.getByRole('group', { name: 'Log på som' });
    expect(await group.getByRole('radio').count()).toBe(2);
    await group.getByLabel('Som privatperson').waitFor();
    await group.getByLabel('På vegne af Tømrermester Hansen ApS').waitFor();
    const footer = page.getByRole('navigation', { name: 'Hjælp og oplysninger' });
    expect(await footer.getByRole('link', { name: 'Hjælp' }).getAttribute('href')).toBe('https://www.mitid.dk/hjaelp/');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Read this page in English' }).click();
    expect(await heading(page)).toBe('How do you want to log in?');
    expect(await page.getByRole('banner').textContent()).toContain(`Log in to ${DEMO_RP}`);
    await page.getByRole('group', { name: 'Log in as' }).getByLabel('As a private person').check();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    // The pick holds on the way back to the service: the demo RP shows its result.
    await page.getByRole('heading', { level: 1, name: 'Du er logget på som privatperson' }).waitFor();
  });

  it('with prompt=select_account and one context, asks to confirm instead of offering a business', async () => {
    const page = await openBrowser();
    await toMitId(page, 'Log på og vælg igen');
    await page.getByLabel('Bruger-ID', { exact: true }).fill('mette.larsen');
    await page.getByRole('button', { name: 'Fortsæt', exact: true }).click();
    await page.getByRole('button', { name: /^MitID app \(/ }).click();
    await page.getByRole('button', { name: 'Godkend med biometri' }).click();
    expect(await heading(page)).toBe('Hvordan vil du logge på?');
    const intro = (await page.locator('main p').first().textContent()) ?? '';
    expect(intro).toBe(`Bekræft, hvordan du logger på ${DEMO_RP}.`);
    expect(await page.getByRole('radio').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('the MitID simulator', () => {
  it('ties a wrong code to its field, says how long a lock lasts, and ties a locked means to its button', async () => {
    const page = await openBrowser();
    await toMitId(page);
    expect(await axeViolations(page)).toEqual([]); // the banner sits in a landmark (axe "region")
    await page.getByLabel('Bruger-ID', { exact: true }).fill('mette.larsen');
    await page.getByRole('button', { name: 'Fortsæt', exact: true }).click();
    await page.getByRole('button', { name: /^Kodeviser \(/ }).click();
    const field = page.getByLabel('6-cifret kode', { exact: true });
    for (let attempt = 1; attempt <= 2; attempt++) {
      await field.fill('000000');
      await page.getByRole('button', { name: 'Fortsæt', exact: true }).click();
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      const describedBy = await field.getAttribute('aria-describedby');
      expect(await page.locator(`#${describedBy}`).textContent()).toMatch(/Forkert kode/);
      expect(await axeViolations(page)).toEqual([]);
    }
    await field.fill('000000');
    await page.getByRole('button', { name: 'Fortsæt', exact: true }).click();
    expect(await heading(page)).toBe('Midlertidigt spærret');
    expect(await page.getByRole('alert').textContent()).toContain('spærret i 1 minut');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Vælg et andet identifikationsmiddel' }).click();
    const locked = page.getByRole('button', { name: /^Kodeviser \(/ });
    expect(await locked.isDisabled()).toBe(true);
    const status = await locked.getAttribute('aria-describedby');
    expect(await page.locator(`#${status}`).textContent()).toBe('Midlertidigt spærret efter tre forkerte forsøg');
    expect(await axeViolations(page)).toEqual([]);
  });
});
