// In Chromium, with JavaScript on and off: logging out at the demo RP ends the MitID session, so logging in again asks for the user ID.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoTranslator } from '../../src/demo-rp/messages.ts';
import { translator } from '../../src/http/i18n.ts';
import { messagesFor } from '../../src/simulator/messages.ts';
import { useBrowserWorld } from './support/browser-world-hooks.ts';

// The words on the buttons come from the pages' own catalogues (Danish): the test follows their wording.
const demo = demoTranslator('da');
const kontekstText = translator('da');
const mitIdText = messagesFor('da');

const hooks = useBrowserWorld();

/** mette.larsen at MitID with her chip (level High): user ID, the chip button, confirm. */
async function logInWithChip(page: Page): Promise<void> {
  await page.getByLabel(mitIdText.userIdLabel, { exact: true }).fill('mette.larsen');
  await page.getByRole('button', { name: mitIdText.continue, exact: true }).click();
  await page.getByRole('button', { name: new RegExp(`^${mitIdText.means.chip} \\(`) }).click();
  await page.getByRole('button', { name: mitIdText.confirm, exact: true }).click();
}

describe.each([
  ['JavaScript off', false],
  ['JavaScript on', true],
])('with %s', (_name, javaScriptEnabled) => {
  it('mette.larsen logs in with chip, logs out, logs in again and sees the MitID user-ID step', async () => {
    const page = await hooks.openPage({ javaScriptEnabled });
    await page.goto(`${hooks.world().url}/demo-rp`);
    await page.getByRole('button', { name: demo('login.any'), exact: true }).click();
    await logInWithChip(page);
    await page.getByRole('link', { name: demo('result.logout'), exact: true }).click();

    // Kontekst asks, then MitID's own logout asks; yes to both.
    await page.getByRole('button', { name: kontekstText('logout.yes'), exact: true }).click();
    expect(new URL(page.url()).pathname).toMatch(/^\/mitid-sim\/session\/end/);
    await page.getByRole('button', { name: mitIdText.logoutYes, exact: true }).click();
    await page.getByText(demo('home.loggedout')).waitFor();

    await page.getByRole('button', { name: demo('login.any'), exact: true }).click();
    await page.getByLabel(mitIdText.userIdLabel, { exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/mitid-sim\/interaction\//);
  });
});
