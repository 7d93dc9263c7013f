// A small real OpenID provider (oidc-provider with its dev login pages) with the demo RP mounted beside it, as in Kontekst.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import mount from 'koa-mount';
import Provider, { type Configuration } from 'oidc-provider';
import { createDemoRouter } from '../../../src/demo-rp/routes.ts';
import { demoClientRegistration, generateClientSecret } from '../../../src/demo-rp/registration.ts';
import { lazyDiscovery } from '../../../src/demo-rp/discovery.ts';
import { KONTEKST_CLIENT_PROPERTIES } from '../../../src/oidc/client-metadata.ts';
import { CLAIMS_BY_SCOPE } from '../../../src/contexts/claims-profile.ts';
import { silentLogger } from '../../../src/observability/logger.ts';

/** Accounts the dev login accepts by id: one per context, with the claims Kontekst's profile would release. */
export const ACCOUNTS: Record<string, Record<string, unknown>> = {
  'private-person': {
    identity_type: 'private',
    idp: 'mitid',
    name: 'Mette <b>Larsen</b>',
    given_name: 'Mette',
    family_name: 'Larsen',
    birthdate: '1990-04-01',
  },
  'business-user': {
    identity_type: 'professional',
    idp: 'mitid_erhverv',
    name: 'Sofie Berg',
    email: 'sofie@nordisk-revision.example',
    'professional.uuid': '0f6c1a84-1111-4a5e-9d47-2b0c0d7b0001',
    'professional.cvr': '34567891',
    'professional.org_name': 'Nordisk Revision A/S',
    'professional.privileges': [{ scope: 'urn:dk:gov:saml:cvrNumberIdentifier:34567891', privileges: ['urn:dk:demo:read'] }],
  },
};

const COOKIE_KEYS = ['tiny-op-test-cookie-key-0123456789'];

export interface TinyOp {
  origin: string;
  close(): Promise<void>;
}

export async function startTinyOp(): Promise<TinyOp> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const secret = generateClientSecret();
  const client = demoClientRegistration(origin, secret);

  const claims: Configuration['claims'] = { acr: null, sid: null, auth_time: null };
  for (const [scope, names] of Object.entries(CLAIMS_BY_SCOPE)) claims[scope] = [...names];
  const provider = new Provider(origin, {
    clients: [client as unknown as NonNullable<Configuration['clients']>[number]],
    // The demo client carries Kontekst's own metadata; the tiny OP must accept it like Kontekst does.
    extraClientMetadata: { properties: [...KONTEKST_CLIENT_PROPERTIES] },
    claims,
    scopes: [...Object.keys(CLAIMS_BY_SCOPE), 'offline_access'],
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    cookies: { keys: COOKIE_KEYS },
    findAccount: (_ctx, id) => {
      const account = ACCOUNTS[id];
      if (!account) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...account }) };
    },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  });

  const app = new Koa();
  // Mounted, the provider uses this app's cookie jar: the keys must match (as Kontekst's app.ts does).
  app.keys = COOKIE_KEYS;
  const router = await createDemoRouter({
    publicUrl: origin,
    oidc: lazyDiscovery({ issuer: origin, clientSecret: secret, allowInsecureHttp: true }),
    secureCookies: false,
    logger: silentLogger(),
  });
  app.use(router.routes());
  app.use(mount(provider));
  server.on('request', app.callback());

  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
