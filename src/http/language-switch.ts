// The pages' language switch: GET /language/<da|en>?return=<path> remembers the pick in a cookie and goes back.
import Router from '@koa/router';
import type { Context } from 'koa';
import { LANG_COOKIE, type Lang } from './i18n.ts';

export const LANGUAGE_PATH = '/language';

/** Only a path on this site: never an absolute or protocol-relative URL (no open redirect). */
function safeReturnPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) && value.length <= 2000 ? value : '/';
}

export function createLanguageSwitchRouter(options: { secureCookies: boolean }): Router {
  const router = new Router();
  router.get(`${LANGUAGE_PATH}/:lang`, (ctx) => {
    const lang = ctx.params['lang'];
    if (lang !== 'da' && lang !== 'en') {
      ctx.status = 404;
      return;
    }
    ctx.cookies.set(LANG_COOKIE, lang, {
      httpOnly: true, sameSite: 'lax', secure: options.secureCookies, path: '/', maxAge: 365 * 24 * 60 * 60 * 1000, signed: false, overwrite: true,
    });
    ctx.set('Cache-Control', 'no-store');
    ctx.redirect(safeReturnPath(ctx.query['return']));
  });
  return router;
}

/** The switch link of a page shown for a GET request: to the other language, then back to this very page. */
export function languageSwitchUrl(ctx: Pick<Context, 'method' | 'originalUrl'>, current: Lang): string | undefined {
  if (ctx.method !== 'GET') return undefined;
  const other: Lang = current === 'da' ? 'en' : 'da';
  return `${LANGUAGE_PATH}/${other}?return=${encodeURIComponent(ctx.originalUrl)}`;
}
