// Walks a person through the real Kontekst journey (MitID simulator → chooser/refusal → back) from the demo RP.
import { formsOf, textOf, type Page, type TinyBrowser } from './browser.ts';

/** PINs of the demo world's shared app (biometrics is off when one app serves several user IDs). */
const APP_PINS: Record<string, string> = { 'jens.hansen': '1357', 'nr-jens': '2468' };

export interface JourneyResult {
  /** The demo RP's page at the end (result or error). */
  page: Page;
  /** Visible texts of the chooser offered on the way, if one was shown. */
  chooser?: string;
  /** Visible text of Kontekst's refusal page, if one was shown. */
  refusal?: string;
}

export function mainText(page: Page): string {
  return textOf(/<main[\s\S]*<\/main>/.exec(page.html)?.[0] ?? page.html);
}

/** `choose` is the chooser's context key (`private`, `professional:cvr:<CVR>`); the first option otherwise. */
export async function loginThroughKontekst(
  browser: TinyBrowser,
  base: string,
  userId: string,
  query: string,
  choose?: string,
): Promise<JourneyResult> {
  let page = await browser.go(`${base}/demo-rp/login?${query}`);
  const result: Omit<JourneyResult, 'page'> = {};
  for (let step = 0; step < 12; step++) {
    if (new URL(page.url).pathname.startsWith('/demo-rp')) return { ...result, page };
    const actions = formsOf(page).map((form) => new URL(form.action).pathname);
    const has = (pattern: RegExp) => actions.some((action) => pattern.test(action));
    if (has(/\/login$/)) page = await browser.submit(page, /\/login$/, { userId });
    else if (has(/\/means$/)) page = await browser.submit(page, /\/means$/, { means: 'app' });
    else if (has(/\/app$/)) {
      const biometrics = formsOf(page).some((form) => form.fields['method'] === 'biometrics');
      page = await browser.submit(page, /\/app$/, biometrics ? { method: 'biometrics' } : { method: 'pin', pin: APP_PINS[userId] ?? '' });
    } else if (has(/\/choose$/)) {
      result.chooser = mainText(page);
      page = await browser.submit(page, /\/choose$/, choose ? { context: choose } : {});
    } else if (has(/\/consent$/)) page = await browser.submit(page, /\/consent$/, { decision: 'allow' });
    else if (has(/\/abort$/)) {
      result.refusal = mainText(page);
      page = await browser.submit(page, /\/abort$/);
    } else if (has(/\/cancel$/)) page = await browser.submit(page, /\/cancel$/);
    else throw new Error(`stuck at ${page.url} (${page.status}): ${mainText(page).slice(0, 300)}`);
  }
  throw new Error(`journey did not end at the demo RP: ${page.url}`);
}
