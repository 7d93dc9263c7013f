// Discovers the upstream issuer once and caches the result; a failure is never cached, so the next call retries.
import { allowInsecureRequests, customFetch, discovery, enableNonRepudiationChecks, type ClientAuth, type Configuration, type CustomFetch } from 'openid-client';
import { observedCall, type UpstreamObserver } from './observe.ts';

export interface DiscoveryOptions {
  issuer: URL;
  clientId: string;
  redirectUri: string;
  clientAuth: () => Promise<ClientAuth>;
  timeoutMs: number;
  allowInsecureHttp: boolean;
  /** The HTTP client of discovery and of every later request of the configuration (token, userinfo, JWKS). */
  fetch?: CustomFetch;
  observe?: UpstreamObserver;
}

export interface CachedDiscovery {
  /** The cached configuration, discovering on first use (or after a failure). Throws UpstreamError 'unavailable'. */
  get(): Promise<Configuration>;
  /** Discovers afresh (for readiness checks) and caches the result when it works. */
  refresh(): Promise<Configuration>;
}

export function cachedDiscovery(options: DiscoveryOptions): CachedDiscovery {
  let pending: Promise<Configuration> | undefined;

  const discover = async (): Promise<Configuration> => {
    const clientAuth = await options.clientAuth();
    return observedCall(options.observe, 'discovery', () =>
      discovery(
        options.issuer,
        options.clientId,
        { redirect_uris: [options.redirectUri], response_types: ['code'] },
        clientAuth,
        {
          // openid-client counts in seconds; every later request of this configuration inherits the timeout.
          timeout: options.timeoutMs / 1000,
          // The configuration keeps this client too; it also caches the upstream JWKS (fetched once, again on an unknown kid).
          ...(options.fetch ? { [customFetch]: options.fetch } : {}),
          // Also verify ID token signatures against the upstream JWKS, not only trust the TLS channel.
          execute: options.allowInsecureHttp ? [allowInsecureRequests, enableNonRepudiationChecks] : [enableNonRepudiationChecks],
        },
      ),
    );
  };

  const start = (): Promise<Configuration> => {
    const attempt = discover();
    pending = attempt;
    attempt.catch(() => {
      if (pending === attempt) pending = undefined;
    });
    return attempt;
  };

  return {
    get: () => pending ?? start(),
    async refresh() {
      const fresh = await discover();
      pending = Promise.resolve(fresh);
      return fresh;
    },
  };
}
