// axe-core run inside a rendered page: the WCAG 2 A/AA and best-practice rules (document-title, html-has-lang, region, aria).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

declare const axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> };
declare const document: unknown;

/** The ids of the rules the page violates, each with the first offending element (empty: clean). */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: neither the page's CSP nor disabled page JavaScript stops it.
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] }));
  return result.violations.map((violation) => `${violation.id} ${JSON.stringify(violation.nodes[0]?.target ?? [])}`);
}
