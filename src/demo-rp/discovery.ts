// Discovers Kontekst lazily on first use (it is the same process, listening only after start) and caches it.
import { allowInsecureRequests, ClientSecretBasic, discovery, type Configuration } from 'openid-client';
import { DEMO_CLIENT_ID } from './registration.ts';

export interface DemoDiscoveryOptions {
  issuer: string;
  clientSecret: string;
  /** Plain http issuers are fine outside production (localhost development). */
  allowInsecureHttp: boolean;
  timeoutSeconds?: number;
}

export type OidcConfigurationSource = () => Promise<Configuration>;

/** A failed discovery is not cached: the next request tries again. */
export function lazyDiscovery(options: DemoDiscoveryOptions): OidcConfigurationSource {
  let pending: Promise<Configuration> | undefined;
  return () => {
    if (pending) return pending;
    const attempt = discovery(
      new URL(options.issuer),
      DEMO_CLIENT_ID,
      { response_types: ['code'] },
      ClientSecretBasic(options.clientSecret),
      {
        timeout: options.timeoutSeconds ?? 5,
        ...(options.allowInsecureHttp ? { execute: [allowInsecureRequests] } : {}),
      },
    );
    pending = attempt;
    attempt.catch(() => {
      if (pending === attempt) pending = undefined;
    });
    return attempt;
  };
}
