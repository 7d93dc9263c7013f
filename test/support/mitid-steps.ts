// The MitID steps a tester clicks through at the simulator (login, means, app/code/chip), on the shared test browser.
import type { Means } from '../../src/domain/mitid.ts';
import { SimulatorBrowser, SimulatorDriverError, type SimulatorPage } from './browser/simulator-browser.ts';

export interface LoginSteps {
  userId: string;
  means: Means;
  pin?: string;
  /** Wrong codes (or PINs) to type before the right one. */
  wrongCodes?: number;
  /** Cancel on the first page instead of logging in. */
  cancel?: boolean;
  /** true: require biometrics; false: refuse them even if offered (use the PIN). Default: biometrics when offered. */
  useBiometrics?: boolean;
  /** Reuse a browser (its cookies: the simulator's SSO session); a fresh one otherwise. */
  browser?: SimulatorBrowser;
  /** When the user has no means reaching the level: press "back to the service" (default) instead of failing. */
  acceptUnmet?: boolean;
}

/**
 * Logs in at the simulator from an authorization URL, like a tester clicking through the pages.
 * Resolves with the redirect back to the client (code or error) and the HTML of every page seen;
 * throws SimulatorDriverError (with the page) when a page does not let the steps continue.
 */
export async function completeSimulatorLogin(authorizationUrl: URL | string, steps: LoginSteps): Promise<{ callbackUrl: URL; pages: string[] }> {
  const authUrl = new URL(authorizationUrl);
  const browser = steps.browser ?? new SimulatorBrowser(new URL('.', authUrl).href.replace(/\/$/, ''));
  const pages: string[] = [];
  const done = (page: SimulatorPage): { callbackUrl: URL; pages: string[] } | undefined => {
    if (page.html) pages.push(page.html);
    return page.callbackUrl ? { callbackUrl: page.callbackUrl, pages } : undefined;
  };

  let page = await browser.open(authUrl);
  let result = done(page);
  if (result) return result;
  if (steps.cancel) return finishOrThrow(await browser.submit(page, 'cancel-form'), done, 'cancel did not return to the client');

  expectPage(page, 'login');
  page = await browser.submit(page, 'login-form', { fields: { userId: steps.userId } });
  if ((result = done(page))) return result;
  if (page.name === 'unmet' && steps.acceptUnmet !== false) {
    return finishOrThrow(await browser.submit(page, 'unmet-form'), done, 'unmet did not return to the client');
  }
  expectPage(page, 'means');
  page = await browser.submit(page, 'means-form', { button: { name: 'means', value: steps.means } });
  if ((result = done(page))) return result;

  switch (steps.means) {
    case 'app': {
      expectPage(page, 'app');
      const biometricsOffered = page.forms.some((form) => form.id === 'biometrics-form');
      if (steps.useBiometrics === true && !biometricsOffered) throw new SimulatorDriverError('biometrics not offered', page);
      const useBiometrics = biometricsOffered && steps.useBiometrics !== false && steps.pin === undefined;
      if (useBiometrics) {
        page = await browser.submit(page, 'biometrics-form');
        break;
      }
      if (steps.pin === undefined) throw new SimulatorDriverError('a PIN is required', page);
      for (let i = 0; i < (steps.wrongCodes ?? 0); i += 1) {
        page = await browser.submit(page, 'pin-form', { fields: { pin: wrongOf(steps.pin) } });
        if ((result = done(page))) return result;
        expectPage(page, 'app');
      }
      page = await browser.submit(page, 'pin-form', { fields: { pin: steps.pin } });
      break;
    }
    case 'code_display':
    case 'code_reader': {
      for (let i = 0; i < (steps.wrongCodes ?? 0); i += 1) {
        expectPage(page, 'code');
        page = await browser.submit(page, 'code-form', { fields: { code: wrongOf(shownCode(page)) } });
        if ((result = done(page))) return result;
      }
      expectPage(page, 'code');
      page = await browser.submit(page, 'code-form', { fields: { code: shownCode(page) } });
      break;
    }
    case 'chip':
      expectPage(page, 'chip');
      page = await browser.submit(page, 'chip-form');
      break;
  }
  return finishOrThrow(page, done, 'the last step did not return to the client');
}

/** The one-time code a code display / code reader page shows. */
export function shownCode(page: SimulatorPage): string {
  const code = /<output id="one-time-code">(\d{6})<\/output>/.exec(page.html)?.[1];
  if (!code) throw new SimulatorDriverError('no one-time code shown', page);
  return code;
}

/** A value of the same shape that is certainly wrong. */
export function wrongOf(secret: string): string {
  return secret
    .split('')
    .map((digit) => String((Number(digit) + 1) % 10))
    .join('');
}

export function expectPage(page: SimulatorPage, name: string): void {
  if (page.name !== name) throw new SimulatorDriverError(`expected page ${name}`, page);
}

function finishOrThrow(
  page: SimulatorPage,
  done: (page: SimulatorPage) => { callbackUrl: URL; pages: string[] } | undefined,
  message: string,
): { callbackUrl: URL; pages: string[] } {
  const result = done(page);
  if (!result) throw new SimulatorDriverError(message, page);
  return result;
}
