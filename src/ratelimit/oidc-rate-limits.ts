// Rate limits at the OIDC endpoints: failed client authentication, failed initial access tokens, new logins per source.
import type { KoaContextWithOIDC } from 'oidc-provider';
import { decodeJwt } from 'jose';
import { pickLang, translator } from '../http/i18n.ts';
import { sendPage } from '../http/views.ts';
import { isStoreOutage } from '../store/errors.ts';
import type { RateLimitsConfig } from '../config/config.ts';
import { createLimiter, type Limiter, type LimiterBackend, type LimitState } from './limiter.ts';

export interface OidcRateLimits {
  clientAuthPerClient: Limiter;
  clientAuthPerIp: Limiter;
  registrationPerIp: Limiter;
  loginsPerIp: Limiter;
  /** Called once per refused request with the limit's name (metrics). */
  onRefused?: (limit: string) => void;
}

/** The limiters of the configured limits, on one backend (Redis: shared by every process). */
export function createOidcRateLimits(settings: RateLimitsConfig, backend: LimiterBackend, onRefused?: (limit: string) => void): OidcRateLimits {
  return {
    clientAuthPerClient: createLimiter('client-auth-client', settings.clientAuthPerClient, backend),
    clientAuthPerIp: createLimiter('client-auth-ip', settings.clientAuthPerIp, backend),
    registrationPerIp: createLimiter('registration-ip', settings.registrationPerIp, backend),
    loginsPerIp: createLimiter('logins-ip', settings.loginsPerIp, backend),
    onRefused,
  };
}

/** oidc-provider's default routes (Kontekst does not rename them). */
const CLIENT_AUTH_PATHS: ReadonlySet<string> = new Set(['/token', '/token/introspection', '/token/revocation']);
const REGISTRATION_PATH = '/reg';
const AUTHORIZATION_PATH = '/auth';

/**
 * provider.use middleware. The happy path costs reads only (a failed-authentication count per source and,
 * for HTTP Basic, per client); a count is written only when something failed, and for each new login.
 */
export function oidcRateLimits(configured: OidcRateLimits) {
  // Counts that cannot be read or written (Redis down) do not decide anything: the endpoint itself then
  // answers its own 503 (temporarily_unavailable), never a 500 from the limiter.
  const limits: OidcRateLimits = {
    ...configured,
    clientAuthPerClient: failOpen(configured.clientAuthPerClient),
    clientAuthPerIp: failOpen(configured.clientAuthPerIp),
    registrationPerIp: failOpen(configured.registrationPerIp),
    loginsPerIp: failOpen(configured.loginsPerIp),
  };
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> => {
    if (CLIENT_AUTH_PATHS.has(ctx.path) && ctx.method === 'POST') return clientAuthentication(ctx, next, limits);
    if (ctx.path === REGISTRATION_PATH && ctx.method === 'POST') return registration(ctx, next, limits);
    if (ctx.path === AUTHORIZATION_PATH) return authorization(ctx, next, limits);
    return next();
  };
}

const UNCOUNTED: LimitState = { count: 0, reached: false, retryAfterSeconds: 1 };

/** The same limiter, but a storage outage reads as "nothing counted" instead of an error. */
function failOpen(limiter: Limiter): Limiter {
  const guard = async (call: () => Promise<LimitState>): Promise<LimitState> => {
    try {
      return await call();
    } catch (error) {
      if (isStoreOutage(error)) return UNCOUNTED;
      throw error;
    }
  };
  return {
    limit: limiter.limit,
    peek: (key) => guard(() => limiter.peek(key)),
    hit: (key) => guard(() => limiter.hit(key)),
    reset: async (key) => {
      await guard(async () => (await limiter.reset(key), UNCOUNTED));
    },
  };
}

async function clientAuthentication(ctx: KoaContextWithOIDC, next: () => Promise<void>, limits: OidcRateLimits): Promise<void> {
  const basicClient = basicClientId(ctx.get('authorization'));
  const [perIp, perClient] = await Promise.all([
    limits.clientAuthPerIp.peek(ctx.ip),
    basicClient ? limits.clientAuthPerClient.peek(basicClient) : undefined,
  ]);
  if (perIp.reached) return refuseJson(ctx, limits, 'client_auth_per_ip', perIp);
  if (perClient?.reached) return refuseJson(ctx, limits, 'client_auth_per_client', perClient);
  await next();
  if (ctx.status !== 401 || (ctx.body as { error?: unknown } | undefined)?.error !== 'invalid_client') return;
  // A failed authentication counts against the source and the client it claimed to be.
  const clientId = basicClient ?? bodyClientId(ctx);
  const [ipAfter, clientAfter] = await Promise.all([
    limits.clientAuthPerIp.hit(ctx.ip),
    clientId ? limits.clientAuthPerClient.hit(clientId) : undefined,
  ]);
  // Over the limit now (a client authenticating in the body is only known after parsing): say so from here on.
  if (clientAfter && clientAfter.count > limits.clientAuthPerClient.limit.points) return refuseJson(ctx, limits, 'client_auth_per_client', clientAfter);
  if (ipAfter.count > limits.clientAuthPerIp.limit.points) return refuseJson(ctx, limits, 'client_auth_per_ip', ipAfter);
}

async function registration(ctx: KoaContextWithOIDC, next: () => Promise<void>, limits: OidcRateLimits): Promise<void> {
  const perIp = await limits.registrationPerIp.peek(ctx.ip);
  if (perIp.reached) return refuseJson(ctx, limits, 'registration_per_ip', perIp);
  await next();
  // A missing, unknown or expired initial access token.
  if (ctx.status === 401) await limits.registrationPerIp.hit(ctx.ip);
}

async function authorization(ctx: KoaContextWithOIDC, next: () => Promise<void>, limits: OidcRateLimits): Promise<void> {
  // Every authorization request may start a login that keeps an interaction in storage for its lifetime.
  const state = await limits.loginsPerIp.hit(ctx.ip);
  if (state.count > limits.loginsPerIp.limit.points) {
    limits.onRefused?.('logins_per_ip');
    ctx.set('Retry-After', String(state.retryAfterSeconds));
    const uiLocales = ctx.query['ui_locales'];
    const lang = pickLang(typeof uiLocales === 'string' ? uiLocales : undefined, ctx.get('accept-language'));
    const t = translator(lang);
    await sendPage(ctx, 'error', { lang, title: t('error.title'), status: 429, data: { heading: t('error.title'), message: t('error.tooMany') } });
    return;
  }
  await next();
}

/** The OIDC error shape, 429 and Retry-After: the client should come back later, not with other credentials. */
function refuseJson(ctx: KoaContextWithOIDC, limits: OidcRateLimits, limit: string, state: LimitState): void {
  limits.onRefused?.(limit);
  ctx.status = 429;
  ctx.set('Retry-After', String(state.retryAfterSeconds));
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { error: 'temporarily_unavailable', error_description: `too many failed attempts; retry after ${state.retryAfterSeconds} seconds` };
}

/** client_id of an HTTP Basic Authorization header (RFC 6749 §2.3.1: form-urlencoded), if any. */
export function basicClientId(header: string): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]{1,1024})$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return undefined;
  try {
    return limitedId(decodeURIComponent(decoded.slice(0, colon)));
  } catch {
    return undefined;
  }
}

/** client_id from the parsed body: client_secret_post, or the issuer of a client assertion (private_key_jwt). */
function bodyClientId(ctx: KoaContextWithOIDC): string | undefined {
  const body = (ctx.oidc?.body ?? {}) as Record<string, unknown>;
  if (typeof body['client_id'] === 'string') return limitedId(body['client_id']);
  if (typeof body['client_assertion'] === 'string') {
    try {
      const iss = decodeJwt(body['client_assertion']).iss;
      return typeof iss === 'string' ? limitedId(iss) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Client IDs become storage keys: bounded length, so a made-up id cannot make a key of any size. */
function limitedId(id: string): string | undefined {
  return id.length > 0 && id.length <= 200 ? id : undefined;
}
