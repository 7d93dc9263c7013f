// Registers the hooks every Chromium test file needs: one Kontekst world and one browser per file, a fresh profile per test.
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { freshContext, launchChromium } from './chromium.ts';
import { startBrowserWorld, type BrowserWorld } from './kontekst-with-rps.ts';

export interface BrowserWorldHooks {
  world(): BrowserWorld;
  /** A new page in a fresh profile (JavaScript off unless the options turn it on), closed after the test. */
  openPage(options?: BrowserContextOptions): Promise<Page>;
}

export function useBrowserWorld(): BrowserWorldHooks {
  let world: BrowserWorld | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    [world, browser] = await Promise.all([startBrowserWorld(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });
  return {
    world: () => world!,
    async openPage(options = {}) {
      context = await freshContext(browser!, options);
      const page = await context.newPage();
      page.setDefaultTimeout(5_000);
      return page;
    },
  };
}
