// Renders the simulator's ejs pages with the locale's texts, security headers and no caching.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import type { Context, Middleware } from 'koa';
import { helmetHeaders } from '../http/security.ts';
import { messagesFor, type Locale } from './messages.ts';

export const VIEWS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../views/simulator');

export interface PageRenderer {
  render(ctx: Context, view: string, locale: Locale, data: Record<string, unknown>, status?: number): Promise<void>;
  /** Renders a page into a string, for oidc-provider's own page hooks (logout, errors). */
  html(view: string, locale: Locale, data: Record<string, unknown>): Promise<string>;
}

/**
 * `base` is the issuer's path: every link and form action in the pages is below it. `codeBlockSeconds` is how
 * long three wrong codes lock a means: the lock page says so.
 */
/** "60 sekunder", "2 minutter", "1 minute": whole minutes when the time is whole minutes. */
export function durationText(seconds: number, locale: Locale): string {
  const minutes = seconds / 60;
  const [count, one, many] = Number.isInteger(minutes)
    ? [minutes, ...(locale === 'da' ? ['minut', 'minutter'] : ['minute', 'minutes'])]
    : [seconds, ...(locale === 'da' ? ['sekund', 'sekunder'] : ['second', 'seconds'])];
  return `${count} ${count === 1 ? one : many}`;
}

export function createRenderer(base: string, codeBlockSeconds?: number): PageRenderer {
  const html = async (view: string, locale: Locale, data: Record<string, unknown>): Promise<string> =>
    ejs.renderFile(path.join(VIEWS_DIR, `${view}.ejs`), {
      base,
      t: messagesFor(locale),
      uid: undefined,
      csrf: undefined,
      lockDuration: codeBlockSeconds === undefined ? undefined : durationText(codeBlockSeconds, locale),
      ...data,
    }, {
      cache: true,
      async: false,
    });
  return {
    html,
    async render(ctx, view, locale, data, status = 200) {
      const body = await html(view, locale, data);
      ctx.status = status;
      ctx.type = 'html';
      ctx.set('Content-Language', locale);
      ctx.body = body;
    },
  };
}

/**
 * Security headers for every response: a strict CSP (no script at all, styles from our own stylesheet),
 * no framing, no referrer. form-action is left open on purpose: after a form post the provider redirects
 * to the client's redirect_uri on another origin, which form-action 'self' would block in browsers.
 */
export function simulatorSecurityHeaders(): Middleware {
  const headers = helmetHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  });
  return async (ctx, next) => {
    await headers(ctx, next);
    if (ctx.type === 'text/html') {
      ctx.set('Cache-Control', 'no-store');
      ctx.set('Pragma', 'no-cache');
    }
  };
}
