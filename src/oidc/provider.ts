// Builds the downstream oidc-provider: clients, claims profile, pairwise subjects, interaction policy, pages.
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Logger } from 'pino';
import type { Config } from '../config/index.ts';
import { ACR_VALUES } from '../domain/mitid.ts';
import { CLAIMS_PROFILE } from '../contexts/claims-profile.ts';
import type { DirectoryReader } from '../directory/repository.ts';
import { PROXY_ADVICE } from '../http/proxy-check.ts';
import { renderView } from '../http/views.ts';
import { translator, type MessageKey } from '../http/i18n.ts';
import { createFindAccount } from './accounts.ts';
import { providerClaims, providerScopes } from './claims-config.ts';
import { parseAccountId } from './account-id.ts';
import {
  CLIENT_AUTH_METHODS, CLIENT_SIGNING_ALGS, ID_TOKEN_SIGNING_ALGS, type ClientRegistration,
} from './clients.ts';
import { fieldProblem, isKontekstClientField, KONTEKST_CLIENT_PROPERTIES } from './client-metadata.ts';
import { introspectionPolicy, revocationPolicy } from './features/token-access.ts';
import type { PrivateJwks } from './keys.ts';
import { pairwiseSubject } from './pairwise.ts';
import { createPolicy } from './policy.ts';
import type { PersonStore } from './person-store.ts';
import { resourceServerInfo, type ResourceServer } from './resource-servers.ts';
import { loadExistingGrant, logoutFeatures, providerLang, observeLogout } from './logout.ts';
import { assertNotSelfGranted, registrationFeatures } from './registration.ts';
import { observeOidcOutcomes } from './observe-outcomes.ts';
import { narrowRefreshScopes } from './refresh-narrowing.ts';
import type { Metrics } from '../observability/metrics.ts';

/** What a person reads when the provider itself refuses a request (a bad link from a service, mostly). */
function oidcErrorMessage(error: string): MessageKey {
  if (error === 'invalid_client') return 'error.oidc.client';
  if (error === 'temporarily_unavailable') return 'error.unavailable';
  if (error === 'server_error') return 'error.generic';
  return 'error.oidc.request';
}

export const TTL = {
  AccessToken: 10 * 60,
  AuthorizationCode: 60,
  IdToken: 10 * 60,
  Interaction: 15 * 60,
  Session: 8 * 60 * 60,
  Grant: 8 * 60 * 60,
  RefreshToken: 8 * 60 * 60,
} as const;

export interface ProviderDeps {
  config: Config;
  clients: ClientRegistration[];
  jwks: PrivateJwks;
  directory: DirectoryReader;
  persons: PersonStore;
  resourceServers: ResourceServer[];
  logger: Logger;
  /** oidc-provider adapter (class or factory); undefined uses the library's in-memory one. */
  adapter?: Configuration['adapter'];
  metrics: Metrics;
}

export function createProvider(deps: ProviderDeps): Provider {
  const { config } = deps;
  const configuration: Configuration = {
    adapter: deps.adapter,
    clients: deps.clients as unknown as Configuration['clients'],
    jwks: deps.jwks as Configuration['jwks'],
    cookies: {
      keys: [...config.cookieSecrets],
      long: { signed: true, secure: config.production, sameSite: 'lax' },
      short: { signed: true, secure: config.production, sameSite: 'lax' },
    },
    claims: providerClaims(CLAIMS_PROFILE),
    scopes: providerScopes(CLAIMS_PROFILE),
    conformIdTokenClaims: false,
    acrValues: ACR_VALUES,
    // The journey's pages (and the MitID simulator's) speak Danish and English; ui_locales picks one.
    discovery: { ui_locales_supported: ['da', 'en'] },
    responseTypes: ['code'],
    subjectTypes: ['pairwise'],
    pairwiseIdentifier: (_ctx, accountId, client) =>
      pairwiseSubject(config.pairwiseSalt, accountId, String(client.sectorIdentifier ?? client.clientId)),
    pkce: { required: () => true },
    // OIDC Core makes redirect_uri REQUIRED; the library would otherwise accept its absence for one registered URI.
    allowOmittingSingleRegisteredRedirectUri: false,
    clientAuthMethods: [...CLIENT_AUTH_METHODS],
    enabledJWA: {
      clientAuthSigningAlgValues: [...CLIENT_SIGNING_ALGS],
      requestObjectSigningAlgValues: [...CLIENT_SIGNING_ALGS],
      idTokenSigningAlgValues: [...ID_TOKEN_SIGNING_ALGS],
      dPoPSigningAlgValues: ['ES256', 'PS256', 'RS256', 'EdDSA'],
    },
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      id_token_signed_response_alg: 'RS256',
      token_endpoint_auth_method: 'client_secret_basic',
      subject_type: 'pairwise',
      backchannel_logout_session_required: true,
    } as Configuration['clientDefaults'],
    extraClientMetadata: {
      properties: [...KONTEKST_CLIENT_PROPERTIES],
      validator(ctx, key, value) {
        // Dynamic registration may not grant itself operator-only metadata (entitlements, first_party).
        assertNotSelfGranted(ctx, key, value);
        const problem = value !== undefined && isKontekstClientField(key) ? fieldProblem(key, value) : undefined;
        if (problem) throw new errors.InvalidClientMetadata(`${key}: ${problem}`);
      },
    },
    ttl: { ...TTL },
    // jwks_uri and sector_identifier_uri fetches: the library's SSRF guard refuses loopback and private addresses.
    // Outside production a relying party under development runs on localhost, so the guard is lifted there only.
    ...(config.production
      ? {}
      : {
          fetch: (url: string | URL | Request, options?: RequestInit) => {
            const { dispatcher: _ssrfGuard, ...rest } = (options ?? {}) as RequestInit & { dispatcher?: unknown };
            return fetch(url, rest);
          },
        }),
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx, client, code) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    // Reads the client's grant without adding the client to the session (see logout.ts): only clients that
    // took part in a session receive its logout token.
    loadExistingGrant,
    findAccount: createFindAccount({ directory: deps.directory, persons: deps.persons }),
    extraTokenClaims: async (_ctx, token) => {
      // Only what the context allows in any token: the context type and the credential, no personal data.
      const accountId = 'accountId' in token ? token.accountId : undefined;
      const ref = accountId ? parseAccountId(accountId) : undefined;
      return ref ? { identity_type: ref.type, idp: ref.idp } : undefined;
    },
    interactions: {
      policy: createPolicy(deps.directory),
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      introspection: { enabled: true, allowedPolicy: introspectionPolicy(deps.resourceServers) },
      revocation: { enabled: true, allowedPolicy: revocationPolicy },
      userinfo: { enabled: true },
      // PAR (RFC 9126): always offered; required for clients registered with require_pushed_authorization_requests.
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: false, allowUnregisteredRedirectUris: false },
      // JAR (RFC 9101): optional per request, mandatory for clients registered with require_signed_request_object.
      // 'none' is not an accepted algorithm, so an unsigned request object is always refused.
      requestObjects: { enabled: true, requireSignedRequestObject: false },
      // DPoP (RFC 9449): tokens are bound when the client sends a proof; dpop_bound_access_tokens makes it mandatory.
      dPoP: { enabled: true, allowReplay: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => undefined,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => resourceServerInfo(deps.resourceServers, resource),
      },
      ...logoutFeatures(),
      ...registrationFeatures(config),
    },
    renderError: async (ctx, out, error) => {
      const lang = providerLang(ctx);
      const t = translator(lang);
      deps.logger.info({ err: { name: (error as Error).name, message: out.error } }, 'rendered OIDC error page');
      ctx.type = 'html';
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await renderView('error', {
        lang,
        title: t('error.title'),
        // A sentence for the person, the bare error code for the service's support; never the library's description.
        data: { heading: t('error.title'), message: t(oidcErrorMessage(out.error)), code: out.error },
      });
    },
  };

  const provider = new Provider(config.issuer, configuration);
  provider.proxy = config.trustProxy;
  observeLogout(provider, deps.logger);
  observeOidcOutcomes(provider, deps.logger, deps.metrics);
  narrowRefreshScopes(provider);
  // The cause of a 500 is logged by observeOidcOutcomes; a production request that arrived over plain HTTP adds the likely reason.
  provider.on('server_error', (ctx: KoaContextWithOIDC) => {
    if (config.production && !ctx.secure) deps.logger.error({ route: ctx.oidc?.route }, PROXY_ADVICE);
  });
  return provider;
}
