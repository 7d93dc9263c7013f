// The whole journey in headless Chromium, clicked and typed as a person would, in Danish and English, without JavaScript.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Response } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserWorld } from './support/browser-world-hooks.ts';
import { THIRD_PARTY_NAME } from './support/third-party-rp.ts';
import { logInAtMitId } from './support/mitid.ts';
import { focusOutlineWidth, headingOrderProblems, inspectAccessibility, tabThrough } from './support/accessibility.ts';
import { PRIVATE_IDENTIFIERS } from '../support/demo-people.ts';

const DEMO_RP = 'Digital Post (demo)';
/** SCREENSHOTS_DIR=scratch/screenshots keeps a picture of each Kontekst page for a human to look at. */
const SCREENSHOTS = process.env['SCREENSHOTS_DIR'];

const hooks = useBrowserWorld();
/** Every response from Kontekst's own interaction pages, to check their headers. */
let interactionResponses: Response[] = [];
let cspViolations: string[] = [];

async function openBrowser(options: { locale?: string } = {}): Promise<Page> {
  const page = await hooks.openPage(options);
  interactionResponses = [];
  cspViolations = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/interaction/') && response.request().resourceType() === 'document') interactionResponses.push(response);
  });
  // A Content-Security-Policy violation (an inline style or script) shows up as a console error.
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return page;
}

/** Waits for the page whose h1 says exactly this: what the person sees after a click or a redirect. */
async function seeHeading(page: Page, text: string): Promise<void> {
  try {
    await page.getByRole('heading', { level: 1, name: text, exact: true }).waitFor();
  } catch {
    const seen = await page.locator('h1').allTextContents();
    const alerts = await page.getByRole('alert').allTextContents();
    throw new Error(`expected the page "${text}", but the browser shows ${JSON.stringify(seen)} ${JSON.stringify(alerts)} at ${page.url()}`);
  }
}

async function screenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** What every Kontekst page must be: its language, one h1, ordered headings, labelled controls, AA contrast, no script. */
async function expectAccessiblePage(page: Page, lang: 'da' | 'en'): Promise<void> {
  const report = await inspectAccessibility(page);
  expect(report.lang).toBe(lang);
  expect(headingOrderProblems(report.headings)).toEqual([]);
  expect(report.unlabelled).toEqual([]);
  expect(report.ungroupedRadios).toEqual([]);
  expect(report.lowContrast).toEqual([]);
  expect(report.scripts).toBe(0);
}

/** Strict headers on every interaction page the browser saw, and no CSP violation reported by Chromium. */
async function expectStrictHeaders(): Promise<void> {
  expect(interactionResponses.length).toBeGreaterThan(0);
  for (const response of interactionResponses) {
    const headers = await response.allHeaders();
    const csp = headers['content-security-policy'] ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    expect(headers['cache-control']).toContain('no-store');
    expect(headers['x-content-type-options']).toBe('nosniff');
  }
  expect(cspViolations).toEqual([]);
}

describe('in Danish (the default)', () => {
  it('jens.hansen chooses Tømrermester Hansen ApS on the chooser using only the keyboard', async () => {
    const page = await openBrowser();
    await page.goto(`${hooks.world().url}/demo-rp`);
    await page.getByRole('button', { name: 'Log på', exact: true }).click();
    await logInAtMitId(page, { userId: 'jens.hansen', lang: 'da', means: 'app', pin: '1357' });

    await seeHeading(page, 'Hvordan vil du logge på?');
    const group = page.getByRole('group', { name: 'Log på som' });
    const privateOption = group.getByLabel('Som privatperson');
    const company = group.getByLabel('På vegne af Tømrermester Hansen ApS');
    expect(await group.getByRole('radio').count()).toBe(2);
    // Nothing is chosen for the person: a context is a decision, not a default.
    expect(await privateOption.isChecked()).toBe(false);
    expect(await company.isChecked()).toBe(false);
    expect(await company.getAttribute('aria-describedby')).toBeTruthy();
    await page.getByText('CVR 12345674').waitFor();
    // Why Nordisk Revision A/S (where he has a dedicated MitID) is not offered with his private MitID.
    expect(await page.getByRole('region', { name: 'Kan ikke vælges her' }).textContent()).toContain('Nordisk Revision A/S');
    await expectAccessiblePage(page, 'da');
    await screenshot(page, 'chooser-da');

    // Keyboard: skip link, the radio group (one stop), the submit button, then "back to the service".
    expect(await tabThrough(page, 4)).toEqual(['a: Gå til indhold', '#context-0', 'button: Fortsæt', `button: Tilbage til ${DEMO_RP}`]);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await focusOutlineWidth(page)).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('ArrowDown');
    expect(await company.isChecked()).toBe(true);
    await screenshot(page, 'chooser-da-chosen');
    await page.keyboard.press('Tab');
    expect(await focusOutlineWidth(page)).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Enter');

    await seeHeading(page, 'Du er logget på på vegne af Tømrermester Hansen ApS (CVR 12345674)');
    // The relying party got the professional context only: none of his private identifiers.
    const shown = await page.locator('main').textContent();
    for (const value of Object.values(PRIVATE_IDENTIFIERS['jens.hansen'])) expect(shown).not.toContain(value);
    await expectStrictHeaders();
  });

  it('jens.hansen asked for Nordisk Revision A/S sees why not, and "back" delivers the OIDC error to the service', async () => {
    const page = await openBrowser();
    await page.goto(`${hooks.world().url}/demo-rp`);
    await page.getByRole('textbox', { name: 'Bestemt organisation (CVR-nummer, valgfrit)' }).fill('34567891');
    await page.getByRole('button', { name: 'Log på', exact: true }).click();
    await logInAtMitId(page, { userId: 'jens.hansen', lang: 'da', means: 'code_display' });

    await seeHeading(page, 'Du kan ikke logge på her');
    expect(await page.getByRole('alert').textContent()).toMatch(/Nordisk Revision A\/S kræver et særskilt MitID/);
    await page.getByText(`Når du går tilbage, får ${DEMO_RP} besked`).waitFor();
    // No private identifier on a page about a business context.
    const shown = (await page.content()) + (await page.title());
    for (const value of Object.values(PRIVATE_IDENTIFIERS['jens.hansen'])) expect(shown).not.toContain(value);
    await expectAccessiblePage(page, 'da');
    await screenshot(page, 'no-context-da');
    await expectStrictHeaders();

    await page.getByRole('button', { name: `Tilbage til ${DEMO_RP}` }).click();
    await seeHeading(page, 'Login mislykkedes');
    expect(await page.getByRole('alert').textContent()).toContain('Du kan ikke logge på Digital Post på den måde, du valgte.');
    const detail = page.getByRole('region', { name: 'Teknisk detalje til tjenestens udviklere' });
    expect(await detail.textContent()).toContain('access_denied');
    expect(await detail.textContent()).toContain('Nordisk Revision A/S requires a dedicated business MitID');
    // The result is at a clean URL: a reload shows it again instead of "login failed" for a spent code.
    expect(new URL(page.url()).pathname).toBe('/demo-rp/result');
    await page.reload();
    await seeHeading(page, 'Login mislykkedes');
  });
});

describe('in English', () => {
  it('sofie.berg (ui_locales=en) chooses one of her two organisations and is never offered "private"', async () => {
    const page = await openBrowser();
    await page.goto(`${hooks.world().url}/demo-rp/?lang=en`);
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await logInAtMitId(page, { userId: 'sofie.berg', lang: 'en', means: 'app' });

    await seeHeading(page, 'How do you want to log in?');
    await page.getByText('Choose which business you log in to').waitFor();
    const group = page.getByRole('group', { name: 'Log in as' });
    expect(await group.getByRole('radio').count()).toBe(2);
    await group.getByLabel('On behalf of Lægehuset Havnen').waitFor();
    expect(await page.getByLabel('As a private person').count()).toBe(0);
    await expectAccessiblePage(page, 'en');
    await screenshot(page, 'chooser-en');

    // Clicking anywhere on the card chooses it (the label covers the card), not only the small radio.
    const detail = await page.getByText('CVR 34567891').boundingBox();
    await page.mouse.click(detail!.x + detail!.width / 2, detail!.y + detail!.height / 2);
    expect(await group.getByLabel('On behalf of Nordisk Revision A/S').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Continue', exact: true }).click();

    await seeHeading(page, 'You are logged in on behalf of Nordisk Revision A/S (CVR 34567891)');
    await expectStrictHeaders();
  });

  it('jens.hansen with an English browser (Accept-Language, no ui_locales) goes private and consents at a third-party service', async () => {
    const page = await openBrowser({ locale: 'en-GB' });
    await page.goto(`${hooks.world().rp.url}/login`);
    // MitID follows the same language as Kontekst's pages.
    await logInAtMitId(page, { userId: 'jens.hansen', lang: 'en', means: 'app', pin: '1357' });

    await seeHeading(page, 'How do you want to log in?');
    await page.getByLabel('As a private person').check();
    await page.getByRole('button', { name: 'Continue', exact: true }).click();

    await seeHeading(page, `${THIRD_PARTY_NAME} asks for access to your information`);
    await page.getByText(`As a private person you share this information with ${THIRD_PARTY_NAME}:`).waitFor();
    const listed = page.getByRole('list', { name: /you share this information/ });
    expect(await listed.textContent()).toContain('Name');
    // The service asked for email and professional too; a private context can never release them, so they are not listed.
    expect(await listed.textContent()).not.toContain('Work email');
    expect(await listed.textContent()).not.toContain('Organisation');
    await expectAccessiblePage(page, 'en');
    await screenshot(page, 'consent-en');
    await expectStrictHeaders();

    await page.getByRole('button', { name: 'Give access' }).click();
    await seeHeading(page, 'Signed in');
    expect((await page.locator('dd[data-claim="identity_type"]').first().textContent())?.trim()).toBe('private');
    expect((await page.locator('dd[data-claim="name"]').first().textContent())?.trim()).toBe('Jens Hansen');
    expect(await page.locator('dd[data-claim^="professional"]').count()).toBe(0);
  });

  it('an unknown or expired interaction is a plain error page in the browser\'s language', async () => {
    const page = await openBrowser({ locale: 'en-US' });
    const response = await page.goto(`${hooks.world().url}/interaction/unknown-interaction-0123/context`);
    expect(response?.status()).toBe(400);
    await seeHeading(page, 'Something went wrong');
    expect((await page.getByRole('alert').textContent())?.trim()).toBe('Your login has expired or was already used. Start again at the service.');
    await expectAccessiblePage(page, 'en');
    await screenshot(page, 'error-en');
    await expectStrictHeaders();
  });
});

describe('the accessibility checks themselves', () => {
  it('catch a page with a skipped heading level, an unlabelled input, a loose radio, low contrast and a script', async () => {
    const page = await openBrowser();
    await page.setContent(`<!DOCTYPE html><html lang="en"><body style="background:#fff">
      <h1>Title</h1><h3>Skipped</h3><p style="color:#aaaaaa">Too faint</p>
      <input type="text" name="nameless"><input type="radio" id="r" name="r"><label for="r">Loose</label>
      <script>void 0</script></body></html>`);
    const report = await inspectAccessibility(page);
    expect(headingOrderProblems(report.headings)).toEqual(['h1 is followed by h3']);
    expect(headingOrderProblems([2, 1, 1])).toHaveLength(2);
    expect(report.unlabelled).toEqual(['input ""']);
    expect(report.ungroupedRadios).toEqual(['input#r ""']);
    expect(report.lowContrast).toEqual([expect.stringMatching(/^p "Too faint" 2\.\d\d:1$/)]);
    expect(report.scripts).toBe(1);
  });
});
