// Renders the demo relying party's ejs pages inside its own layout, in the chosen language.
import { join } from 'node:path';
import ejs from 'ejs';
import type { Context } from 'koa';
import { demoTranslator, type DemoLang } from './messages.ts';

export const DEMO_VIEWS_DIR = join(import.meta.dirname, '..', '..', 'views', 'demo-rp');

export interface DemoPage {
  lang: DemoLang;
  title: string;
  status?: number;
  data?: Record<string, unknown>;
}

export async function renderDemoView(view: string, page: DemoPage): Promise<string> {
  const t = demoTranslator(page.lang);
  const locals = { ...page.data, t, lang: page.lang, title: page.title };
  const body = await ejs.renderFile(join(DEMO_VIEWS_DIR, `${view}.ejs`), locals, { async: true, cache: true });
  return ejs.renderFile(join(DEMO_VIEWS_DIR, 'layout.ejs'), { ...locals, body }, { async: true, cache: true });
}

export async function sendDemoPage(ctx: Context, view: string, page: DemoPage): Promise<void> {
  const html = await renderDemoView(view, page);
  ctx.status = page.status ?? 200;
  ctx.type = 'text/html; charset=utf-8';
  // Every demo page depends on the browser's session (claims, context, pending login): never cached.
  ctx.set('Cache-Control', 'no-store');
  ctx.body = html;
}
