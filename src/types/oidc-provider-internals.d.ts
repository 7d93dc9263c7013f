// Types for the one oidc-provider internal Kontekst reaches into (see src/oidc/refresh-narrowing.ts).
declare module 'oidc-provider/lib/helpers/weak_cache.js' {
  /** The provider's private configuration and registries. */
  export default function instance(provider: object): unknown;
}
