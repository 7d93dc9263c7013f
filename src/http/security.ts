// Strict security headers for every response: CSP without inline script, no framing, no sniffing.
import helmet from 'koa-helmet';
import type { Middleware } from 'koa';

export function securityHeaders(options: { production: boolean }): Middleware {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        // 'self' only: no inline script. oidc-provider adds the hash of its own auto-submit scripts (form_post).
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        // form-action is left out on purpose: browsers apply it to the redirect back to the relying party.
        ...(options.production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: options.production ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  }) as unknown as Middleware;
}
