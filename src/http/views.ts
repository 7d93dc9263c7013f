// Renders ejs pages inside the shared layout, with the language's translator and safe defaults.
import { join } from 'node:path';
import ejs from 'ejs';
import type { Context } from 'koa';
import { translator, type Lang } from './i18n.ts';
import { languageSwitchUrl } from './language-switch.ts';
import { footerLinks } from './site-chrome.ts';

export const VIEWS_DIR = join(import.meta.dirname, '..', '..', 'views');

export interface PageOptions {
  lang: Lang;
  title: string;
  status?: number;
  data?: Record<string, unknown>;
}

export async function renderView(view: string, options: PageOptions): Promise<string> {
  const t = translator(options.lang);
  const locals = { clientName: undefined, langSwitchUrl: undefined, ...options.data, t, lang: options.lang, title: options.title, page: view, footer: footerLinks() };
  const body = await ejs.renderFile(join(VIEWS_DIR, `${view}.ejs`), locals, { async: true, cache: true });
  return ejs.renderFile(join(VIEWS_DIR, 'layout.ejs'), { ...locals, body }, { async: true, cache: true });
}

/** Sends an HTML page; interaction pages are never cached (they carry per-login state). */
export async function sendPage(ctx: Context, view: string, options: PageOptions): Promise<void> {
  ctx.status = options.status ?? 200;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = await renderView(view, { ...options, data: { langSwitchUrl: languageSwitchUrl(ctx, options.lang), ...options.data } });
}
