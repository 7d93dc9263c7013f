// The standalone simulator's outermost app: the issuer URL leads to discovery, and a bad link gets an HTML page.
import Koa from 'koa';
import mount from 'koa-mount';
import { localeFrom, messagesFor } from './messages.ts';
import { createRenderer } from './render.ts';

/**
 * The issuer URL is what people copy from the start line and open: there is no page at the issuer itself (a
 * login starts at a client), so it leads to the discovery document instead of a 404. Unknown paths (and a GET on
 * a form's POST route) get the simulator's own error page, with a title and a language, instead of plain text.
 */
export function standaloneRoot(issuer: string, app: Koa): Koa {
  const base = new URL(issuer).pathname.replace(/\/+$/, '');
  const renderer = createRenderer(base);
  const root = new Koa();
  root.proxy = app.proxy;
  root.use(async (ctx, next) => {
    if (ctx.method === 'GET' && (ctx.path === base || ctx.path === `${base}/`))
      return ctx.redirect(`${base}/.well-known/openid-configuration`);
    await next();
    if ((ctx.status !== 404 && ctx.status !== 405) || ctx.body != null || ctx.accepts('html', 'json') !== 'html') return;
    const locale = localeFrom(ctx.query['ui_locales']);
    const status = ctx.status;
    await renderer.render(
      ctx,
      'error',
      locale,
      {
        code: 'not_found',
        message: messagesFor(locale).errors.not_found,
        oauthError: undefined,
        oauthDescription: undefined,
        backHref: undefined,
      },
      status,
    );
  });
  root.use(mount(app));
  return root;
}
