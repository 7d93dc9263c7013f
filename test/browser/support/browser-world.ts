// One Kontekst world and one Chromium per browser test file, and a fresh browser profile per test (closed after it).
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { freshContext, launchChromium } from './chromium.ts';
import { startBrowserWorld, type BrowserWorld } from './kontekst-with-rps.ts';

export interface BrowserTestSession {
  /** The running Kontekst with its relying parties (valid inside tests). */
  world(): BrowserWorld;
  /** A new page in a fresh profile (JavaScript off unless the options say otherwise). */
  openPage(options?: BrowserContextOptions): Promise<Page>;
}

/** Registers the hooks in the calling test file. */
export function useBrowserWorld(): BrowserTestSession {
  let world: BrowserWorld | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
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
    world: () => {
      if (!world) throw new Error('browser world used before beforeAll ran');
      return world;
    },
    async openPage(options = {}) {
      context = await freshContext(browser!, options);
      const page = await context.newPage();
      page.setDefaultTimeout(5_000);
      return page;
    },
  };
}
