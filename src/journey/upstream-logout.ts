// Logging out of Kontekst ends the MitID session too: RP-initiated logout upstream when advertised, else a fresh login next time.
import { randomBytes } from 'node:crypto';
import type { Context as KoaContext } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { UpstreamConnector } from '../upstream/index.ts';
import { JourneyError } from './errors.ts';
import { UPSTREAM_LOGOUT_RETURN_PATH, type UpstreamSessions } from './upstream-session.ts';

export interface UpstreamLogoutDeps {
  upstream: UpstreamConnector;
  sessions: UpstreamSessions;
  /** Kontekst's public base URL: the upstream sends the browser back below it. */
  publicUrl: string;
  logger: Logger;
}

/** Where oidc-provider sends the browser when no post_logout_redirect_uri was given. */
const END_SESSION_SUCCESS_PATH = '/session/end/success';

/**
 * oidc-provider middleware (provider.use): once the end-session confirmation really ended the Kontekst session
 * ("yes, log out"), the browser goes to the upstream's end_session_endpoint first, and from there back to where
 * the provider was sending it (the relying party's post-logout URI). "No, stay logged in" keeps both sessions.
 */
export function endUpstreamSessionOnLogout(deps: UpstreamLogoutDeps) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> => {
    await next();
    if (ctx.oidc?.route !== 'end_session_confirm' || !ctx.oidc.params?.['logout'] || ctx.status !== 303) return;
    // A login in another context ends the old Kontekst session on its way back to the authorization (resume)
    // endpoint: a context switch, which keeps the MitID session (that is what makes it one click).
    if (isResumeOfLogin(ctx.response.get('location'), deps.publicUrl)) return;
    const idToken = await deps.sessions.endForLogout(ctx);
    if (!idToken) return;
    const state = randomBytes(24).toString('base64url');
    let upstreamLogout: URL | undefined;
    try {
      upstreamLogout = await deps.upstream.endSessionUrl({
        idTokenHint: idToken,
        postLogoutRedirectUri: `${deps.publicUrl}${UPSTREAM_LOGOUT_RETURN_PATH}`,
        state,
      });
    } catch (error) {
      // MitID unreachable: the fresh-login demand set above still keeps the next person from this session.
      deps.logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, 'upstream logout unavailable');
    }
    if (!upstreamLogout) return;
    await deps.sessions.saveReturn(state, ctx.response.get('location') || END_SESSION_SUCCESS_PATH);
    ctx.status = 303;
    ctx.redirect(upstreamLogout.href);
  };
}

/** oidc-provider's authorization resume endpoint (`/auth/<uid>`) on Kontekst's own origin. */
function isResumeOfLogin(location: string, publicUrl: string): boolean {
  try {
    const url = new URL(location, publicUrl);
    return url.origin === new URL(publicUrl).origin && /^\/auth\/[^/]+$/.test(url.pathname);
  } catch {
    return false;
  }
}

const returnQuery = z.object({ state: z.string().regex(/^[\w-]{20,64}$/) });

/** The upstream's logout is done: continue to where Kontekst's logout was going. */
export async function returnFromUpstreamLogout(ctx: KoaContext, sessions: UpstreamSessions): Promise<void> {
  const query = returnQuery.safeParse(ctx.query);
  if (!query.success) throw new JourneyError('bad_request', 'upstream logout return without state');
  const location = await sessions.takeReturn(query.data.state);
  if (!location) throw new JourneyError('expired', 'unknown upstream logout state');
  ctx.status = 303;
  ctx.redirect(location);
}
