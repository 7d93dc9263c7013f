// The upstream MitID connector: starts an OIDC code flow (PKCE, state, nonce) for an interaction and finishes it into a typed MitID login.
import { authorizationCodeGrant, buildAuthorizationUrl, buildEndSessionUrl, fetchUserInfo, type ClientAuth } from 'openid-client';
import { z } from 'zod';
import { LOA_LEVELS, loaAtLeast, type Loa, type MitIdLogin } from '../domain/mitid.ts';
import { acrValueFor, DEFAULT_CLAIM_MAPPING, mapClaimsToLogin, type ClaimMapping } from './claim-mapping.ts';
import { buildClientAuth, type UpstreamClientAuthOptions } from './client-auth.ts';
import { cachedDiscovery } from './discovery.ts';
import { pooledUpstreamClient } from './http-client.ts';
import { observedCall, type UpstreamObserver } from './observe.ts';
import { randomToken, s256CodeChallenge } from './pkce.ts';
import { UpstreamError } from './errors.ts';
import type { TransactionStore, UpstreamTransaction } from './transaction-store.ts';

export const DEFAULT_UPSTREAM_SCOPE = 'openid mitid profile cpr professional';

// How far auth_time may trail the start of a prompt=login transaction (clock skew between us and the upstream).
const AUTH_TIME_TOLERANCE_SECONDS = 30;

export interface UpstreamOptions {
  issuer: string;
  clientId: string;
  clientAuth: UpstreamClientAuthOptions;
  /** Kontekst's callback URL, registered at the upstream. */
  redirectUri: string;
  /** Default 'openid mitid profile cpr professional'. */
  scope?: string;
  /** Production broker claim names, from config, no code changes. */
  /** Validated at configuration load (UPSTREAM_CLAIM_MAPPING); undefined: the defaults. */
  claimMapping?: ClaimMapping;
  timeoutMs: number;
  /**
   * The upstream's signed ID token carries every claim the login needs (as the simulator's does): read them
   * from it alone and skip the userinfo request. Off by default, since a broker may put some claims in userinfo only.
   */
  claimsFromIdToken?: boolean;
  /** Allow an http:// issuer (development and tests only). */
  allowInsecureHttp: boolean;
  transactions: TransactionStore;
  /** Expire the upstream transaction together with the interaction. */
  transactionTtlSeconds: number;
  /** Clock, for tests. */
  now?: () => number;
  /** Told about every call to the broker (metrics). */
  observe?: UpstreamObserver;
}

export interface StartLoginInput {
  interactionId: string;
  requiredLoa?: Loa;
  uiLocales?: string;
  prompt?: 'login';
  maxAge?: number;
}

export interface FinishLoginInput {
  interactionId: string;
  callbackUrl: URL;
  /** Receives the upstream ID token of a successful login: the id_token_hint of a later upstream logout. */
  keepIdToken?: (idToken: string) => void;
}

export interface EndSessionInput {
  idTokenHint: string;
  /** Where the upstream sends the browser back after its logout (registered at the upstream). */
  postLogoutRedirectUri: string;
  state: string;
}

export interface UpstreamConnector {
  /** Starts an upstream login bound to a Kontekst interaction; returns the URL to send the browser to. */
  startLogin(input: StartLoginInput): Promise<URL>;
  /** Finishes it from the callback URL; the callback must belong to the same interaction. */
  finishLogin(input: FinishLoginInput): Promise<MitIdLogin>;
  /** The upstream's RP-initiated logout URL, or undefined when it advertises no end_session_endpoint. */
  endSessionUrl(input: EndSessionInput): Promise<URL | undefined>;
  /** For readiness checks: can discovery be reached? */
  ping(): Promise<boolean>;
  /** Closes the pooled upstream connections. */
  close(): Promise<void>;
}

const startLoginInput = z
  .object({
    interactionId: z.string().min(1).max(200),
    requiredLoa: z.enum(LOA_LEVELS).optional(),
    // A hint from the relying party: a malformed one is dropped rather than failing the login.
    uiLocales: z.string().optional().transform((value) => (value && /^[A-Za-z0-9 -]{1,100}$/.test(value) ? value : undefined)),
    prompt: z.literal('login').optional(),
    maxAge: z.number().int().min(0).optional(),
  })
  .strict();

const finishLoginInput = z
  .object({ interactionId: z.string().min(1).max(200), callbackUrl: z.instanceof(URL), keepIdToken: z.function().optional() })
  .strict();

export function createUpstreamConnector(options: UpstreamOptions): UpstreamConnector {
  const issuer = new URL(options.issuer);
  if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && options.allowInsecureHttp)) {
    throw new Error('Upstream issuer must be https (http only when allowInsecureHttp is set)');
  }
  const redirectUri = new URL(options.redirectUri);
  const mapping = options.claimMapping ?? DEFAULT_CLAIM_MAPPING;
  const scope = options.scope ?? DEFAULT_UPSTREAM_SCOPE;
  const now = options.now ?? Date.now;

  let clientAuth: Promise<ClientAuth> | undefined;
  const http = pooledUpstreamClient();
  const discovery = cachedDiscovery({
    issuer,
    clientId: options.clientId,
    redirectUri: redirectUri.href,
    clientAuth: () => (clientAuth ??= buildClientAuth(options.clientAuth)),
    timeoutMs: options.timeoutMs,
    allowInsecureHttp: options.allowInsecureHttp,
    fetch: http.fetch,
    observe: options.observe,
  });

  return {
    async startLogin(rawInput) {
      const input = startLoginInput.parse(rawInput);
      const config = await discovery.get();
      const codeVerifier = randomToken();
      const transaction: UpstreamTransaction = {
        interactionId: input.interactionId,
        state: randomToken(),
        nonce: randomToken(),
        codeVerifier,
        createdAt: now(),
        ...(input.requiredLoa ? { requiredLoa: input.requiredLoa } : {}),
        ...(input.maxAge !== undefined ? { maxAge: input.maxAge } : {}),
        ...(input.prompt === 'login' ? { forceLogin: true } : {}),
      };
      const parameters: Record<string, string> = {
        redirect_uri: redirectUri.href,
        response_type: 'code',
        scope,
        state: transaction.state,
        nonce: transaction.nonce,
        code_challenge: s256CodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      };
      if (input.requiredLoa) parameters.acr_values = acrValueFor(mapping, input.requiredLoa);
      if (input.uiLocales) parameters.ui_locales = input.uiLocales;
      if (input.prompt) parameters.prompt = input.prompt;
      if (input.maxAge !== undefined) parameters.max_age = String(input.maxAge);
      const url = buildAuthorizationUrl(config, parameters);
      await options.transactions.save(transaction, options.transactionTtlSeconds);
      return url;
    },

    async finishLogin(rawInput) {
      const input = finishLoginInput.parse(rawInput);
      const state = input.callbackUrl.searchParams.get('state');
      if (!state) throw new UpstreamError('unknown_state', 'MitID callback without state');
      // Consumed before anything else: whatever happens next, this state can never be used again. Only this
      // interaction's transaction is taken: a callback in another browser leaves the rightful one to finish.
      const transaction = await options.transactions.consume(state, input.interactionId);
      if (!transaction) throw new UpstreamError('unknown_state', 'MitID callback for an unknown, used, expired or foreign transaction');
      if (transaction.interactionId !== input.interactionId) {
        throw new UpstreamError('interaction_mismatch', 'MitID callback belongs to another interaction');
      }

      const config = await discovery.get();
      // Parameters from the callback, but the registered redirect URI: proxies may have rewritten the host or path.
      const currentUrl = new URL(redirectUri.href);
      currentUrl.search = input.callbackUrl.search;

      const tokens = await observedCall(options.observe, 'token', () =>
        authorizationCodeGrant(config, currentUrl, {
          pkceCodeVerifier: transaction.codeVerifier,
          expectedState: transaction.state,
          expectedNonce: transaction.nonce,
          ...(transaction.maxAge !== undefined ? { maxAge: transaction.maxAge } : {}),
        }),
      );
      const idTokenClaims = tokens.claims();
      if (!idTokenClaims) throw new UpstreamError('invalid_response', 'MitID token response without an ID token', { detail: 'id_token' });

      let claims: Record<string, unknown> = idTokenClaims;
      if (!options.claimsFromIdToken) {
        // The signed ID token wins where both carry a claim (acr, amr, auth_time live there).
        const userinfo: Record<string, unknown> = await observedCall(options.observe, 'userinfo', () =>
          fetchUserInfo(config, tokens.access_token, idTokenClaims.sub),
        );
        claims = { ...userinfo, ...idTokenClaims };
      }
      const login = mapClaimsToLogin(claims, mapping);

      // The upstream may ignore acr_values; the level actually reached is what counts.
      if (transaction.requiredLoa && !loaAtLeast(login.loa, transaction.requiredLoa)) {
        throw new UpstreamError('loa_too_low', 'MitID login is below the required level of assurance', { detail: `${login.loa}<${transaction.requiredLoa}` });
      }
      if (transaction.forceLogin && login.authTime < Math.floor(transaction.createdAt / 1000) - AUTH_TIME_TOLERANCE_SECONDS) {
        throw new UpstreamError('invalid_response', 'MitID reused an earlier authentication although prompt=login was sent', { detail: 'auth_time' });
      }
      if (tokens.id_token) rawInput.keepIdToken?.(tokens.id_token);
      return login;
    },

    async endSessionUrl(input) {
      const config = await discovery.get();
      if (!config.serverMetadata().end_session_endpoint) return undefined;
      return buildEndSessionUrl(config, {
        id_token_hint: input.idTokenHint,
        post_logout_redirect_uri: input.postLogoutRedirectUri,
        state: input.state,
      });
    },

    async ping() {
      try {
        await discovery.refresh();
        return true;
      } catch {
        return false;
      }
    },

    close: () => http.close(),
  };
}
