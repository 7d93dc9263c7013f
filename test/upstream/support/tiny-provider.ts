// A tiny real OIDC provider (oidc-provider) for connector edge cases the simulator cannot produce, e.g. ignoring acr_values.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider from 'oidc-provider';
import { ACR_VALUES } from '../../../src/domain/mitid.ts';

/** What the next login at the tiny provider does: authenticate an account, or answer with an OAuth error. */
export type TinyBehaviour =
  | { kind: 'login'; accountId: string; claims: Record<string, unknown>; acr: string; amr: string[] }
  | { kind: 'error'; error: string };

export interface TinyProvider {
  issuer: string;
  /** Private JWK (with kid and alg) of the private_key_jwt client `kontekst-jwt`. */
  clientJwk: JWK;
  /** Secret of the client_secret_basic client `kontekst-basic`. */
  clientSecret: string;
  redirectUri: string;
  next(behaviour: TinyBehaviour): void;
  /** How many requests to a path (e.g. '/me' userinfo, '/jwks') the provider has answered so far. */
  requests(path: string): number;
  close(): Promise<void>;
}

const SCOPE_CLAIMS = {
  sid: null,
  auth_time: null,
  // acr and amr ride on the openid scope so that every ID token carries them, as a MitID broker's does.
  openid: ['sub', 'acr', 'amr'],
  mitid: ['idp', 'identity_type', 'mitid.uuid', 'mitid.means'],
  profile: ['name', 'given_name', 'family_name', 'birthdate'],
  cpr: ['dk.cpr'],
  professional: ['professional.uuid', 'professional.cvr'],
};

export async function startTinyProvider(redirectUri = 'http://127.0.0.1/callback'): Promise<TinyProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signing = await generateKeyPair('RS256', { extractable: true });
  const client = await generateKeyPair('ES256', { extractable: true });
  const clientJwk: JWK = { ...(await exportJWK(client.privateKey)), kid: 'tiny-client', alg: 'ES256' };
  const { d: _d, ...clientPublicJwk } = clientJwk;
  const clientSecret = 'tiny-provider-secret-0123456789abcdef';
  let behaviour: TinyBehaviour | undefined;
  const accounts = new Map<string, Record<string, unknown>>();

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'kontekst-jwt',
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        require_auth_time: true,
        jwks: { keys: [clientPublicJwk] },
      },
      { client_id: 'kontekst-basic', client_secret: clientSecret, redirect_uris: [redirectUri], token_endpoint_auth_method: 'client_secret_basic', require_auth_time: true },
    ],
    jwks: { keys: [{ ...(await exportJWK(signing.privateKey)), kid: 'tiny-signing', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: ['tiny-provider-cookie-key'] },
    scopes: ['openid', 'mitid', 'profile', 'cpr', 'professional'],
    claims: SCOPE_CLAIMS,
    acrValues: ACR_VALUES,
    // Put acr, amr and the scope claims into the ID token too, as a MitID broker does.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const claims = accounts.get(sub);
      return claims ? { accountId: sub, claims: async () => ({ sub, ...claims }) } : undefined;
    },
    // Every client here is first-party: grant the requested scopes without a consent page.
    loadExistingGrant: async (ctx) => {
      const { client: oidcClient, session } = ctx.oidc;
      if (!oidcClient || !session?.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: oidcClient.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid mitid profile cpr professional');
      grant.addOIDCClaims(['acr', 'amr', 'auth_time']);
      await grant.save();
      return grant;
    },
  });
  const providerCallback = provider.callback();

  const requestsByPath = new Map<string, number>();
  server.on('request', (req, res) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    requestsByPath.set(path, (requestsByPath.get(path) ?? 0) + 1);
    if (!req.url?.startsWith('/interaction/')) return void providerCallback(req, res);
    void (async () => {
      await provider.interactionDetails(req, res);
      const current = behaviour;
      behaviour = undefined;
      if (!current) throw new Error('tiny provider: no behaviour set for this login');
      if (current.kind === 'error') {
        await provider.interactionFinished(req, res, { error: current.error, error_description: 'refused by the tiny provider' }, { mergeWithLastSubmission: false });
        return;
      }
      accounts.set(current.accountId, current.claims);
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: current.accountId, acr: current.acr, amr: current.amr } },
        { mergeWithLastSubmission: false },
      );
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });

  return {
    issuer,
    clientJwk,
    clientSecret,
    redirectUri,
    next: (value) => {
      behaviour = value;
    },
    requests: (path) => requestsByPath.get(path) ?? 0,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Follows redirects (keeping cookies) from an authorization URL until the browser would land on the redirect URI. */
export async function followToCallback(start: URL, redirectUri: string): Promise<URL> {
  const cookies = new Map<string, string>();
  let url = start;
  for (let hop = 0; hop < 10; hop += 1) {
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const index = pair!.indexOf('=');
      cookies.set(pair!.slice(0, index), pair!.slice(index + 1));
    }
    const location = response.headers.get('location');
    if (!location) throw new Error(`no redirect at hop ${hop}: HTTP ${response.status}`);
    const next = new URL(location, url);
    if (next.href.startsWith(redirectUri)) return next;
    url = next;
  }
  throw new Error('too many redirects');
}
