// 404 and 405 without a body of their own become an HTML page for people (title, lang), like every other page.
import type { Middleware } from 'koa';
import { requestLang, translator, type MessageKey } from './i18n.ts';
import { sendPage } from './views.ts';

const MESSAGES: Partial<Record<number, MessageKey>> = { 404: 'error.notfound', 405: 'error.notallowed' };

/**
 * Koa answers an unmatched route with a plain-text "Not Found" (and the routers' allowedMethods with "Method Not
 * Allowed"): a page without a title or language for a person who followed a bad link. Answers that already
 * carry a body (OIDC JSON errors, pages) and clients that do not ask for HTML are left alone.
 */
export function peopleErrorPages(): Middleware {
  return async (ctx, next) => {
    await next();
    const key = MESSAGES[ctx.status];
    if (!key || ctx.body != null || ctx.accepts('html', 'json') !== 'html') return;
    const status = ctx.status;
    const allow = ctx.response.get('Allow');
    const lang = requestLang(ctx, ctx.query['ui_locales']);
    const t = translator(lang);
    await sendPage(ctx, 'error', { lang, title: t(key), status, data: { heading: t(key), message: t('error.notfound.next') } });
    if (allow) ctx.set('Allow', allow);
  };
}
