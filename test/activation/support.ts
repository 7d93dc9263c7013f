// What the activation, setup and connection page tests share: the page's view name and "press the MitID button, log in".
import { expect } from 'vitest';
import type { Person } from '../support/journey.ts';
import { formBody } from '../support/browser/test-browser.ts';
import { completeSimulatorLogin, type SimulatorPage } from '../support/simulator-driver.ts';

/** The page's view name (`data-page`, e.g. activation/start). */
export function pageOf(page: SimulatorPage): string | undefined {
  return /data-page="([\w/-]+)"/.exec(page.html)?.[1];
}

/**
 * Opens `url` (expecting `view`), presses its private-MitID button, logs in at the simulator as `userId` with the code
 * display, and returns Kontekst's page after the callback. The button's POST is sent, not followed: the simulator lives
 * under the same origin, and the MitID steps drive it from there.
 */
export async function privateMitIdFrom(person: Person, url: string, view: string, userId: string): Promise<SimulatorPage> {
  const start = await person.kontekst.open(url);
  expect(pageOf(start)).toBe(view);
  const form = start.forms.find((candidate) => candidate.id === 'mitid-form')!;
  const toMitId = await person.kontekst.send(new URL(form.action), { method: 'POST', ...formBody(form.fields) });
  expect(toMitId.location?.pathname).toContain('/mitid-sim/');
  const { callbackUrl } = await completeSimulatorLogin(toMitId.location!, { userId, means: 'code_display', browser: person.simulator });
  return person.kontekst.open(callbackUrl);
}
