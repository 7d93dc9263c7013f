// In Chromium, with JavaScript on and off: logging out at the demo RP ends the MitID session, so "Log ind" asks for the user ID again.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserWorld } from './support/browser-world-hooks.ts';

const hooks = useBrowserWorld();

/** mette.larsen at MitID with her chip (level High): user ID, the chip button, confirm. */
async function logInWithChip(page: Page): Promise<void> {
  await page.getByLabel('Bruger-ID', { exact: true }).fill('mette.larsen');
  await page.getByRole('button', { name: 'Fortsæt', exact: true }).click();
  await page.getByRole('button', { name: /^MitID chip \(/ }).click();
  await page.getByRole('button', { name: 'Bekræft', exact: true }).click();
}

describe.each([
  ['JavaScript off', false],
  ['JavaScript on', true],
])('with %s', (_name, javaScriptEnabled) => {
  it('mette.larsen logs in with chip, logs out, clicks "Log ind" again and sees the MitID user-ID step', async () => {
    const page = await hooks.openPage({ javaScriptEnabled });
    await page.goto(`${hooks.world().url}/demo-rp`);
    await page.getByRole('button', { name: 'Log på', exact: true }).click();
    await logInWithChip(page);
    await page.getByRole('link', { name: 'Log ud', exact: true }).click();

    // Kontekst asks, then MitID's own logout asks; both "Ja, log ud".
    await page.getByRole('button', { name: 'Ja, log ud', exact: true }).click();
    expect(new URL(page.url()).pathname).toMatch(/^\/mitid-sim\/session\/end/);
    await page.getByRole('button', { name: 'Ja, log ud', exact: true }).click();
    await page.getByText('Du er logget ud af Digital Post og Kontekst.').waitFor();

    await page.getByRole('button', { name: 'Log på', exact: true }).click();
    await page.getByLabel('Bruger-ID', { exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/mitid-sim\/interaction\//);
  });
});
