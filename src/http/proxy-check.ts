// Behind a TLS-terminating proxy Kontekst must see https: say what to set when it does not, instead of a bare server_error.
import type { Middleware } from 'koa';
import type { Logger } from 'pino';

/** The one sentence an operator needs: what to set, and where. */
export const PROXY_ADVICE =
  'PUBLIC_URL is https but this request arrived as plain http: set TRUST_PROXY=true and make the TLS proxy send X-Forwarded-Proto: https';

/**
 * With Secure cookies (production) every login needs the request to count as https; otherwise the cookie
 * library refuses to set them and the provider answers 500. Health checks often come straight from the load
 * balancer without forwarding headers: they are left alone.
 */
export function insecureRequestWarning(
  options: { publicUrl: string; secureCookies: boolean; trustProxy: boolean },
  logger: Logger,
): Middleware {
  const expectHttps = options.secureCookies && options.publicUrl.startsWith('https://');
  return async (ctx, next) => {
    if (expectHttps && !ctx.secure && ctx.path !== '/healthz' && ctx.path !== '/readyz') {
      logger.warn(
        { path: ctx.path, trustProxy: options.trustProxy, forwardedProto: ctx.get('x-forwarded-proto') || undefined },
        PROXY_ADVICE,
      );
    }
    await next();
  };
}
