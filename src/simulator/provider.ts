// The simulator's oidc-provider instance: its issuer, keys, clients, MitID claims, interaction policy and pages.
import Provider, { interactionPolicy, type Account, type AccountClaims, type ClientMetadata, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { ACR_VALUES, acrToLoa, loaAtLeast, type Means } from '../domain/mitid.ts';
import type { JWK } from 'jose';
import type { Logger } from '../observability/logger.ts';
import type { FlowStore } from './flow-state.ts';
import type { SimulatorIdentity } from './identities.ts';
import type { IdentityRegistry } from './identity-registry.ts';
import { minimumLoa } from './levels.ts';
import { localeFrom, messagesFor } from './messages.ts';
import type { PageRenderer } from './render.ts';

/** Sessions and grants live for a working day; the means of a login is remembered as long. */
const SESSION_TTL_SECONDS = 8 * 60 * 60;

/** Scope → claims: the contract with the connector's default claim mapping. */
export const SIMULATOR_CLAIMS = {
  // acr, amr and auth_time under openid: every ID token carries them, not only when the request asks.
  openid: ['sub', 'acr', 'amr', 'auth_time'],
  mitid: ['idp', 'identity_type', 'mitid.uuid', 'mitid.means'],
  profile: ['name', 'given_name', 'family_name', 'birthdate'],
  cpr: ['dk.cpr'],
  professional: ['professional.uuid', 'professional.cvr'],
} as const;

export interface SimulatorProviderOptions {
  issuer: string;
  clients: ClientMetadata[];
  cookieKeys: string[];
  jwks: { keys: JWK[] };
  adapter?: unknown;
  interactionTtlSeconds: number;
  directory: IdentityRegistry;
  flows: FlowStore;
  renderer: PageRenderer;
  logger: Logger;
}

/** Every claim an identity has; oidc-provider releases only those its scopes ask for. */
export function identityClaims(identity: SimulatorIdentity, means: Means | undefined): AccountClaims {
  const common = { sub: identity.uuid, 'mitid.uuid': identity.uuid, ...(means ? { 'mitid.means': means } : {}) };
  if (identity.kind === 'private') {
    return {
      ...common,
      idp: 'mitid',
      identity_type: 'private',
      name: identity.person.name,
      given_name: identity.person.givenName,
      family_name: identity.person.familyName,
      birthdate: identity.person.birthdate,
      'dk.cpr': identity.person.cpr,
    };
  }
  // A dedicated business user ID: business identifiers only, never a CPR number or birth date.
  return {
    ...common,
    idp: 'mitid_erhverv',
    identity_type: 'professional',
    name: identity.business.name,
    'professional.uuid': identity.business.professionalUuid,
    'professional.cvr': identity.business.cvr,
  };
}

/** A session whose level is below the request's acr_values minimum must log in again (step-up). */
function loginPolicy(): interactionPolicy.Prompt[] {
  const policy = interactionPolicy.base();
  const login = policy.get('login');
  if (!login) throw new Error('oidc-provider base policy has no login prompt');
  login.checks.add(
    new interactionPolicy.Check('acr_below_minimum', 'the session does not reach the requested level of assurance', (ctx) => {
      const { session, params, result } = ctx.oidc;
      if (!session || !params) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      // No session is the no_session check's business; a fresh login was already held to the minimum by our pages.
      if (!session.accountId || result?.login) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      const reached = session.acr ? acrToLoa(session.acr) : undefined;
      const required = minimumLoa(typeof params.acr_values === 'string' ? params.acr_values : undefined);
      return reached && loaAtLeast(reached, required) ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT;
    }),
  );
  return policy;
}

export function createSimulatorProvider(options: SimulatorProviderOptions): Provider {
  const { directory, flows, renderer, logger } = options;
  const issuerUrl = options.issuer.replace(/\/+$/, '');

  /** The means a grant's login used: recorded when the login finished (see loadExistingGrant). */
  async function meansOfGrant(grantId: string | undefined): Promise<Means | undefined> {
    return grantId ? flows.recallMeans(`grant:${grantId}`) : undefined;
  }

  const configuration: Configuration = {
    clients: options.clients,
    jwks: options.jwks as Configuration['jwks'],
    ...(options.adapter ? { adapter: options.adapter as Configuration['adapter'] } : {}),
    cookies: {
      keys: options.cookieKeys,
      // Own names: the simulator often shares a host (and path "/") with Kontekst's own provider.
      names: { session: 'mitid_sim_session', interaction: 'mitid_sim_interaction', resume: 'mitid_sim_resume' },
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    acrValues: [...ACR_VALUES],
    claims: {
      // Stand-alone claims (null: not tied to a scope).
      sid: null,
      iss: null,
      ...Object.fromEntries(Object.entries(SIMULATOR_CLAIMS).map(([scope, claims]) => [scope, [...claims]])),
    },
    scopes: Object.keys(SIMULATOR_CLAIMS),
    // The MitID broker shape: scope claims in the ID token as well as from userinfo.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    clientAuthMethods: ['private_key_jwt', 'client_secret_basic'],
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: 'RS256',
      token_endpoint_auth_method: 'private_key_jwt',
    },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.type = 'html';
          ctx.body = await renderer.html('logout', localeFrom(ctx.oidc.params?.ui_locales), { form });
        },
        async postLogoutSuccessSource(ctx) {
          ctx.type = 'html';
          ctx.body = await renderer.html('logged-out', localeFrom(ctx.oidc.params?.ui_locales), {});
        },
      },
    },
    ttl: {
      Interaction: options.interactionTtlSeconds,
      Session: SESSION_TTL_SECONDS,
      Grant: SESSION_TTL_SECONDS,
      AuthorizationCode: 60,
      AccessToken: 600,
      IdToken: 600,
    },
    interactions: {
      policy: loginPolicy(),
      // Absolute, so the page and its cookie path sit below the issuer wherever the app is mounted.
      url: (_ctx, interaction) => `${issuerUrl}/interaction/${interaction.uid}`,
    },
    async findAccount(_ctx, id, token): Promise<Account | undefined> {
      const identity = await directory.byUuid(id);
      if (!identity) return undefined;
      const grantId = token && 'grantId' in token ? (token.grantId as string | undefined) : undefined;
      return {
        accountId: identity.uuid,
        async claims() {
          return identityClaims(identity, await meansOfGrant(grantId));
        },
      };
    },
    // The simulator's clients are first-party: grant what they ask for, without a consent page.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session, result, params } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const freshMeans = (result as { mitid?: { means?: Means } } | undefined)?.mitid?.means;
      const existingId = freshMeans ? undefined : session.grantIdFor(client.clientId);
      let grant = existingId ? await ctx.oidc.provider.Grant.find(existingId) : undefined;
      const isNew = !grant;
      grant ??= new ctx.oidc.provider.Grant({ accountId: session.accountId, clientId: client.clientId });
      if (typeof params?.scope === 'string') grant.addOIDCScope(params.scope);
      const requestedClaims = [...ctx.oidc.requestParamClaims];
      if (requestedClaims.length) grant.addOIDCClaims(requestedClaims);
      await grant.save();
      if (isNew) {
        // A fresh login records its means; a new client in an existing session inherits the session's.
        const means = freshMeans ?? (await flows.recallMeans(`session:${session.uid}`));
        if (means) {
          await flows.rememberMeans(`grant:${grant.jti}`, means, SESSION_TTL_SECONDS);
          await flows.rememberMeans(`session:${session.uid}`, means, SESSION_TTL_SECONDS);
        }
      }
      return grant;
    },
    async renderError(ctx, out, error) {
      logger.info({ err: { name: error.name, message: error.message }, route: ctx.oidc?.route }, 'mitid simulator: error page');
      const locale = localeFrom(ctx.oidc?.params?.ui_locales ?? ctx.get('accept-language'));
      ctx.type = 'html';
      ctx.body = await renderer.html('error', locale, {
        code: 'oidc',
        message: messagesFor(locale).oidcError,
        oauthError: out.error,
        oauthDescription: out.error_description,
        backHref: undefined,
      });
    },
  };

  const provider = new Provider(options.issuer, configuration);
  provider.on('server_error', (_ctx, err) => logger.error({ err }, 'mitid simulator: server error'));
  return provider;
}
