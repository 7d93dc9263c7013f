// Logs in at the MitID simulator the way a person does: reads the labels, types the user ID, PIN or shown code.
import type { Page } from 'playwright-core';

const TEXT = {
  da: {
    userId: 'Bruger-ID',
    continue: 'Fortsæt',
    pin: 'PIN-kode',
    approve: 'Godkend',
    biometrics: 'Godkend med biometri',
    means: { app: 'MitID app', code_display: 'Kodeviser', code_reader: 'Kodeoplæser' },
    code: '6-cifret kode',
  },
  en: {
    userId: 'User ID',
    continue: 'Continue',
    pin: 'PIN',
    approve: 'Approve',
    biometrics: 'Approve with biometrics',
    means: { app: 'MitID app', code_display: 'Code display', code_reader: 'Audio code reader' },
    code: '6-digit code',
  },
} as const;

export interface MitIdSteps {
  userId: string;
  lang: 'da' | 'en';
  means: 'app' | 'code_display' | 'code_reader';
  /** For a shared app (several user IDs on one device): the PIN instead of biometrics. */
  pin?: string;
}

export async function logInAtMitId(page: Page, steps: MitIdSteps): Promise<void> {
  const text = TEXT[steps.lang];
  await page.getByLabel(text.userId, { exact: true }).fill(steps.userId);
  await page.getByRole('button', { name: text.continue, exact: true }).click();
  await page.getByRole('button', { name: new RegExp(`^${text.means[steps.means]} \\(`) }).click();
  if (steps.means === 'app') {
    if (steps.pin) {
      await page.getByLabel(text.pin, { exact: true }).fill(steps.pin);
      await page.getByRole('button', { name: text.approve, exact: true }).click();
    } else {
      await page.getByRole('button', { name: text.biometrics }).click();
    }
    return;
  }
  // The simulator shows the one-time code on the page; the person reads it and types it.
  const shown = (await page.locator('output#one-time-code').textContent())?.trim() ?? '';
  await page.getByLabel(text.code, { exact: true }).fill(shown);
  await page.getByRole('button', { name: text.continue, exact: true }).click();
}
