// Starts the real MitID simulator on a random local port with two Kontekst clients (private_key_jwt, client_secret_basic).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Koa from 'koa';
import mount from 'koa-mount';
import { createSimulator, loadSimulatorIdentities, type Simulator, type SimulatorIdentity } from '../../../src/simulator/index.ts';
import { createUpstreamConnector, type UpstreamOptions } from '../../../src/upstream/connector.ts';
import { tamperableStore, type TamperableStore } from './tamper-store.ts';

export const JWT_CLIENT_ID = 'kontekst-jwt';
export const BASIC_CLIENT_ID = 'kontekst-basic';

export interface SimulatorUpstream {
  issuer: string;
  redirectUri: string;
  identities: SimulatorIdentity[];
  /** The simulator's MitID issuing port. */
  mitid: Simulator['issuer'];
  /** A connector (fresh tamperable transaction store) for one of the two registered clients. */
  connector(method?: 'private_key_jwt' | 'client_secret_basic', overrides?: Partial<UpstreamOptions>): {
    upstream: ReturnType<typeof createUpstreamConnector>;
    transactions: TamperableStore;
  };
  close(): Promise<void>;
}

export async function startSimulatorUpstream(): Promise<SimulatorUpstream> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${origin}/mitid-sim`;
  // Kontekst's callback never gets hit: the test hands the callback URL to the connector itself.
  const redirectUri = `${origin}/login/callback`;

  const clientKey = await generateKeyPair('ES256', { extractable: true });
  const privateJwk: JWK = { ...(await exportJWK(clientKey.privateKey)), kid: 'kontekst-upstream-1', alg: 'ES256' };
  const { d: _d, ...publicJwk } = privateJwk;
  const secret = 'kontekst-basic-test-secret-0123456789';

  const identities = await loadSimulatorIdentities('config/demo-world.json');
  const simulator = await createSimulator({
    issuer,
    identities,
    clients: [
      {
        client_id: JWT_CLIENT_ID,
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        jwks: { keys: [publicJwk] },
      },
      { client_id: BASIC_CLIENT_ID, client_secret: secret, redirect_uris: [redirectUri], token_endpoint_auth_method: 'client_secret_basic' },
    ],
    cookieKeys: ['simulator-test-cookie-key-0123456789'],
    codeBlockSeconds: 60,
  });
  const app = new Koa();
  app.use(mount('/mitid-sim', simulator.app));
  server.on('request', app.callback());

  return {
    issuer,
    redirectUri,
    identities,
    mitid: simulator.issuer,
    connector(method = 'private_key_jwt', overrides = {}) {
      const transactions = tamperableStore();
      const upstream = createUpstreamConnector({
        issuer,
        clientId: method === 'private_key_jwt' ? JWT_CLIENT_ID : BASIC_CLIENT_ID,
        clientAuth: method === 'private_key_jwt' ? { method, privateJwk } : { method, secret },
        redirectUri,
        timeoutMs: 5000,
        allowInsecureHttp: true,
        transactions,
        transactionTtlSeconds: 600,
        ...overrides,
      });
      return { upstream, transactions };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
