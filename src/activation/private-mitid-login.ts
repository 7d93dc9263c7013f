// A private-MitID login for Kontekst's own pages (activation, setup, connection) through the journey's upstream connector and callback.
import type { Context as KoaContext } from 'koa';
import type { PrivateMitIdLogin } from '../domain/mitid.ts';
import { UPSTREAM_COOKIE } from '../journey/login-step.ts';
import type { UpstreamConnector } from '../upstream/index.ts';
import { FLOW_TTL_SECONDS } from './flow-store.ts';
import { cookieOptions, langOf } from './page-helpers.ts';

/** Where an upstream login marked with `prefix` (in the journey's callback cookie) comes back to. */
export interface UpstreamReturn {
  prefix: string;
  finish(ctx: KoaContext, handle: string, login: PrivateMitIdLogin): Promise<void>;
}

/** Sends the browser to MitID for a fresh login; the callback cookie carries the page flow's marked handle. */
export async function startPrivateMitIdLogin(
  ctx: KoaContext,
  deps: { upstream: UpstreamConnector; callbackPath: string; secureCookies: boolean },
  marked: string,
): Promise<void> {
  const url = await deps.upstream.startLogin({
    interactionId: marked,
    requiredLoa: 'substantial',
    uiLocales: langOf(ctx),
    prompt: 'login',
  });
  ctx.cookies.set(UPSTREAM_COOKIE, marked, { ...cookieOptions(deps.secureCookies, FLOW_TTL_SECONDS), path: deps.callbackPath });
  ctx.redirect(url.href);
}
