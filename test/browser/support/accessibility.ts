// Accessibility checks run inside a rendered page: labels, headings, radio groups, contrast (WCAG AA), lang, no script.
import type { Page } from 'playwright-core';

// The page's own globals, declared loosely in this module only: the project compiles without the DOM library.
// biome-ignore lint/suspicious/noExplicitAny: the page's DOM, left untyped here (no DOM library in this project)
type El = any;
// biome-ignore lint/suspicious/noExplicitAny: as above
declare const document: any;
// biome-ignore lint/suspicious/noExplicitAny: as above
declare const getComputedStyle: (element: El) => any;
declare const Node: { TEXT_NODE: number };

export interface AccessibilityReport {
  lang: string;
  headings: number[];
  scripts: number;
  /** Form controls a screen reader would announce without a name. */
  unlabelled: string[];
  /** Radios outside a fieldset with a non-empty legend. */
  ungroupedRadios: string[];
  /** Text whose contrast with its background is below AA (4.5:1, or 3:1 for large text). */
  lowContrast: string[];
}

/** Runs in the page (playwright evaluates it even with the page's own JavaScript disabled). */
export async function inspectAccessibility(page: Page): Promise<AccessibilityReport> {
  return page.evaluate(() => {
    const describe = (el: El) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const rgba = (value: string): [number, number, number, number] => {
      const parts = (value.match(/[\d.]+/g) ?? ['0', '0', '0', '0']).map(Number);
      return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
    };
    const luminance = ([r, g, b]: number[]) => {
      const channel = (value: number) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!);
    };
    /** The opaque colour behind an element: its own and its ancestors' backgrounds, composited. */
    const backgroundOf = (el: El | null): number[] => {
      const layers: [number, number, number, number][] = [];
      for (let node = el; node; node = node.parentElement) {
        const colour = rgba(getComputedStyle(node).backgroundColor);
        if (colour[3] > 0) layers.push(colour);
        if (colour[3] >= 1) break;
      }
      let result = [255, 255, 255];
      for (const [r, g, b, a] of layers.reverse())
        result = [r * a + result[0]! * (1 - a), g * a + result[1]! * (1 - a), b * a + result[2]! * (1 - a)];
      return result;
    };

    const lowContrast: string[] = [];
    for (const el of document.body.querySelectorAll('*') as El[]) {
      const hasText = [...el.childNodes].some((node: El) => node.nodeType === Node.TEXT_NODE && node.textContent.trim() !== '');
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (!hasText || style.visibility === 'hidden' || box.width === 0 || box.right < 0) continue;
      const [r, g, b, a] = rgba(style.color);
      const behind = backgroundOf(el);
      const fore = [r * a + behind[0]! * (1 - a), g * a + behind[1]! * (1 - a), b * a + behind[2]! * (1 - a)];
      const [light, dark] = [luminance(fore), luminance(behind)].sort((x, y) => y - x);
      const ratio = (light! + 0.05) / (dark! + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) lowContrast.push(`${describe(el)} ${ratio.toFixed(2)}:1`);
    }

    const controls: El[] = [...document.querySelectorAll('input, select, textarea, button')].filter(
      (el: El) => !(el.tagName === 'INPUT' && el.type === 'hidden'),
    );
    const unlabelled = controls
      .filter((el) => {
        if (el.tagName === 'BUTTON') return (el.textContent ?? '').trim() === '' && !el.getAttribute('aria-label');
        const labels: El[] = [...(el.labels ?? [])];
        return (
          !labels.some((label) => label.textContent.trim() !== '') && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby')
        );
      })
      .map(describe);
    const ungroupedRadios = [...document.querySelectorAll('input[type=radio]')]
      .filter((radio: El) => !radio.closest('fieldset')?.querySelector(':scope > legend')?.textContent?.trim())
      .map(describe);

    return {
      lang: document.documentElement.lang,
      headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h: El) => Number(h.tagName[1])),
      scripts: document.scripts.length,
      unlabelled,
      ungroupedRadios,
      lowContrast,
    };
  });
}

/** One h1 first, and no level skipped on the way down (h1 → h3 is a skip; h3 → h2 is fine). */
export function headingOrderProblems(levels: number[]): string[] {
  const problems: string[] = [];
  if (levels.filter((level) => level === 1).length !== 1) problems.push(`expected one h1, got ${levels.filter((l) => l === 1).length}`);
  if (levels[0] !== 1) problems.push(`the first heading is h${levels[0]}`);
  levels.forEach((level, i) => {
    if (i > 0 && level > levels[i - 1]! + 1) problems.push(`h${levels[i - 1]} is followed by h${level}`);
  });
  return problems;
}

/** Presses Tab `count` times and names what got focus each time (id, or role and text). */
export async function tabThrough(page: Page, count: number): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < count; i += 1) {
    await page.keyboard.press('Tab');
    stops.push(
      await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return 'body';
        return el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}: ${(el.textContent ?? '').trim()}`;
      }),
    );
  }
  return stops;
}

/** The focus indicator of the focused element: outline width in px (0 when none). */
export async function focusOutlineWidth(page: Page): Promise<number> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return 0;
    const style = getComputedStyle(el);
    return style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth);
  });
}
