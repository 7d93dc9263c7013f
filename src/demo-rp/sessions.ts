// The demo RP's browser sessions: a random cookie pointing at bounded, expiring server-side records.
import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import { BoundedExpiringMap } from './bounded-map.ts';
import type { ObservedContext } from './context-view.ts';
import type { PendingLogin } from './login-request.ts';
import type { DemoLang } from './messages.ts';
import type { DemoPage } from './render.ts';
import { DEMO_BASE_PATH } from './registration.ts';

export const SESSION_COOKIE = 'demo_rp_sid';

/** What the RP keeps after a login: only what logout and the home page need, no claims. */
export interface SignedIn {
  idToken: string;
  lang: DemoLang;
  context: ObservedContext;
}

/** The page the callback ended on, shown at /demo-rp/result (reloadable); it holds the claims shown there. */
export type Outcome = DemoPage & { view: string };

export interface LoggedOut {
  state: string;
  lang: DemoLang;
}

export interface SessionLimits {
  maxEntries: number;
  loginTtlMs: number;
  sessionTtlMs: number;
  now?: () => number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  maxEntries: 1000,
  loginTtlMs: 10 * 60_000,
  sessionTtlMs: 60 * 60_000,
};

export class DemoSessions {
  readonly pendingLogins: BoundedExpiringMap<PendingLogin>;
  readonly signedIn: BoundedExpiringMap<SignedIn>;
  readonly loggedOut: BoundedExpiringMap<LoggedOut>;
  readonly outcomes: BoundedExpiringMap<Outcome>;

  constructor(
    limits: SessionLimits,
    private readonly secureCookies: boolean,
  ) {
    const { maxEntries, now } = limits;
    this.pendingLogins = new BoundedExpiringMap({ maxEntries, ttlMs: limits.loginTtlMs, now });
    this.signedIn = new BoundedExpiringMap({ maxEntries, ttlMs: limits.sessionTtlMs, now });
    this.loggedOut = new BoundedExpiringMap({ maxEntries, ttlMs: limits.loginTtlMs, now });
    this.outcomes = new BoundedExpiringMap({ maxEntries, ttlMs: limits.loginTtlMs, now });
  }

  /** The browser's session id, if it sent a well-formed one (anything else is ignored, not trusted). */
  read(ctx: Context): string | undefined {
    const value = ctx.cookies.get(SESSION_COOKIE);
    return value && /^[\w-]{43}$/.test(value) ? value : undefined;
  }

  /** Existing id or a new one; `rotate` always issues a new one (after login, against session fixation). */
  ensure(ctx: Context, options: { rotate?: boolean } = {}): string {
    const existing = options.rotate ? undefined : this.read(ctx);
    if (existing) return existing;
    const id = randomBytes(32).toString('base64url');
    ctx.cookies.set(SESSION_COOKIE, id, {
      httpOnly: true,
      sameSite: 'lax', // sent on Kontekst's top-level redirect back to the callback
      secure: this.secureCookies,
      path: DEMO_BASE_PATH,
      signed: false, // 256 random bits need no signature; and the RP does not depend on Kontekst's cookie keys
      overwrite: true,
    });
    return id;
  }
}
