// This browser's MitID session as Kontekst knows it: the upstream ID token (the hint for an upstream logout) and "next login must be fresh".
import { randomBytes } from 'node:crypto';
import type { Context as KoaContext } from 'koa';
import type { KeyValueStore } from '../store/kv.ts';

/** A random handle to the upstream ID token in storage (the token itself carries personal data: never in a cookie). */
export const UPSTREAM_SESSION_COOKIE = 'kontekst.mitid';
/** Set at logout: the next upstream login of this browser sends prompt=login (MitID asks for the user ID again). */
export const FRESH_LOGIN_COOKIE = 'kontekst.mitid.fresh';
/** Where the upstream sends the browser back after its own logout (register it as a post_logout_redirect_uri). */
export const UPSTREAM_LOGOUT_RETURN_PATH = '/logout/mitid/done';

const handlePattern = /^[\w-]{20,64}$/;

export class UpstreamSessions {
  constructor(
    private readonly kv: KeyValueStore,
    /** As long as a Kontekst session lives: the hint is useless after that. */
    private readonly ttlSeconds: number,
    private readonly secureCookies: boolean,
  ) {}

  /** After a successful upstream login: keep its ID token for this browser's logout; the fresh-login demand is met. */
  async remember(ctx: KoaContext, idToken: string): Promise<void> {
    const handle = randomBytes(24).toString('base64url');
    await this.kv.set(sessionKey(handle), idToken, this.ttlSeconds);
    ctx.cookies.set(UPSTREAM_SESSION_COOKIE, handle, this.#cookie(this.ttlSeconds));
    ctx.cookies.set(FRESH_LOGIN_COOKIE, null, this.#cookie(0));
  }

  /** At logout: the upstream ID token (once), and from now on this browser's next login must be fresh. */
  async endForLogout(ctx: KoaContext): Promise<string | undefined> {
    ctx.cookies.set(FRESH_LOGIN_COOKIE, '1', this.#cookie(this.ttlSeconds));
    const handle = ctx.cookies.get(UPSTREAM_SESSION_COOKIE, { signed: true });
    ctx.cookies.set(UPSTREAM_SESSION_COOKIE, null, this.#cookie(0));
    return handle && handlePattern.test(handle) ? this.kv.take(sessionKey(handle)) : undefined;
  }

  /** Whether this browser's next upstream login must ask MitID for a fresh authentication. */
  freshLoginRequired(ctx: KoaContext): boolean {
    return ctx.cookies.get(FRESH_LOGIN_COOKIE, { signed: true }) === '1';
  }

  /** Where to send the browser once the upstream logout comes back with `state`. */
  async saveReturn(state: string, location: string): Promise<void> {
    await this.kv.set(returnKey(state), location, 15 * 60);
  }

  async takeReturn(state: string): Promise<string | undefined> {
    return this.kv.take(returnKey(state));
  }

  #cookie(ttlSeconds: number) {
    return { signed: true, httpOnly: true, sameSite: 'lax' as const, secure: this.secureCookies, path: '/', maxAge: ttlSeconds * 1000 };
  }
}

function sessionKey(handle: string): string {
  return `upstream-session:${handle}`;
}

function returnKey(state: string): string {
  return `upstream-logout:${state}`;
}
