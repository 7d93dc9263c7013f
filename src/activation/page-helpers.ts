// The activation pages' shared page plumbing: language, texts, rendering, refusal pages and command outcomes.
import Router from '@koa/router';
import type { Context as KoaContext } from 'koa';
import { z } from 'zod';
import { isAdminError } from '../admin/errors.ts';
import { requestLang } from '../http/i18n.ts';
import { sendPage } from '../http/views.ts';
import { activationTexts, type ActivationMessageKey } from './messages.ts';

const activationIdSchema = z.uuid();

export class PageRefusal extends Error {
  constructor(
    readonly key: ActivationMessageKey,
    readonly status: number,
  ) {
    super(key);
  }
}

/** Every route answers a PageRefusal (stale browser, forged form) with its page, nothing changed. */
export function wrapRefusals(router: Router): Router {
  const outer = new Router();
  outer.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!(error instanceof PageRefusal)) throw error;
      await refuse(ctx, error.key, error.status);
    }
  });
  outer.use(router.routes(), router.allowedMethods());
  return outer;
}

export function activationIdOf(ctx: KoaContext): string | undefined {
  const parsed = activationIdSchema.safeParse(String(ctx.params['id']));
  return parsed.success ? parsed.data : undefined;
}

export function field(ctx: KoaContext, name: string): string {
  const value = (ctx.request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

export function langOf(ctx: KoaContext) {
  return requestLang(ctx, undefined);
}

export function t(ctx: KoaContext) {
  return activationTexts(langOf(ctx));
}

export async function page(ctx: KoaContext, view: string, title: string, status: number, data: Record<string, unknown>): Promise<void> {
  await sendPage(ctx, view, { lang: langOf(ctx), title, status, data: { ...data, m: t(ctx) } });
}

export async function refuse(ctx: KoaContext, key: string, status: number): Promise<void> {
  const m = t(ctx);
  const messageKey = (isRefusalKey(key) ? key : 'refused.forged') as ActivationMessageKey;
  await sendPage(ctx, 'error', {
    lang: langOf(ctx),
    title: m('refused.title'),
    status,
    data: { heading: m('refused.title'), message: m(messageKey) },
  });
}

function isRefusalKey(key: string): boolean {
  return [
    'refused.mismatch',
    'refused.locked',
    'refused.used',
    'refused.expired',
    'refused.revoked',
    'refused.unknown',
    'refused.session',
    'refused.forged',
    'refused.mitid',
    'refused.upstream',
    'refused.private.notallowed',
  ].includes(key);
}

/** A command's outcome; an AdminError becomes the page's refusal key (forbidden proof, closed activation, taken user ID). */
export async function attempt<T>(command: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; refusal: string }> {
  try {
    return { ok: true, value: await command };
  } catch (error) {
    return { ok: false, refusal: refusalOf(error) };
  }
}

function refusalOf(error: unknown): string {
  if (!isAdminError(error)) throw error;
  if (error.code === 'forbidden') return 'refused.forged';
  if (error.code === 'invalid_transition')
    return /expired/.test(error.message)
      ? 'refused.expired'
      : /private MitID/.test(error.message)
        ? 'refused.invalid_transition'
        : 'refused.used';
  if (error.code === 'not_found') return 'refused.unknown';
  return `refused.${error.code}`;
}

export function cookieOptions(secure: boolean, ttlSeconds: number) {
  return { signed: true, httpOnly: true, sameSite: 'lax' as const, secure, path: '/', maxAge: ttlSeconds * 1000 };
}
