// Test harness: the simulator on a real port (standalone, mounted at its issuer path) and an openid-client relying party.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import Koa from 'koa';
import mount from 'koa-mount';
import * as oidc from 'openid-client';
import { createSimulator, loadSimulatorIdentities, mountAtIssuerPath, type Simulator, type SimulatorIdentity, type SimulatorOptions } from '../../src/simulator/index.ts';
import { SimulatorBrowser } from '../support/simulator-driver.ts';

export const WORLD_FILE = path.resolve(import.meta.dirname, '../../config/demo-world.json');
export const REDIRECT_URI = 'http://127.0.0.1:9/upstream/callback';
export const SECRET_CLIENT = { id: 'rp-secret', secret: 'rp-secret-for-tests-only-0123456789' };
export const JWT_CLIENT_ID = 'rp-jwt';
export const ALL_SCOPES = 'openid mitid profile cpr professional';

export interface TestSimulator {
  issuer: string;
  identities: SimulatorIdentity[];
  /** The simulator's MitID issuing port. */
  mitid: Simulator['issuer'];
  /** openid-client configuration of the client_secret_basic client. */
  rp: oidc.Configuration;
  /** openid-client configuration of the private_key_jwt client. */
  jwtRp: oidc.Configuration;
  browser(): SimulatorBrowser;
  close(): Promise<void>;
}

/**
 * @param host.keys mount the simulator in a host Koa app with its own cookie keys, as Kontekst does
 *   (`app.use(mount('/mitid-sim', simulator.app))`); without it the standalone mountAtIssuerPath is used.
 */
export async function startTestSimulator(overrides: Partial<SimulatorOptions> = {}, host?: { keys: string[] }): Promise<TestSimulator> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}/mitid-sim`;

  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'rp-jwt-key', alg: 'ES256', use: 'sig' };
  const identities = await loadSimulatorIdentities(WORLD_FILE);
  const { app, issuer: mitid } = await createSimulator({
    issuer,
    identities,
    clients: [
      { client_id: SECRET_CLIENT.id, client_secret: SECRET_CLIENT.secret, token_endpoint_auth_method: 'client_secret_basic', redirect_uris: [REDIRECT_URI] },
      { client_id: JWT_CLIENT_ID, token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [publicJwk] }, redirect_uris: [REDIRECT_URI] },
    ],
    cookieKeys: ['simulator-test-cookie-key-0123456789'],
    codeBlockSeconds: 1,
    ...overrides,
  });
  if (host) {
    const hostApp = new Koa();
    hostApp.keys = host.keys;
    hostApp.use(mount('/mitid-sim', app));
    hostApp.use((ctx) => {
      // The host's own cookies still use the host's keys after the simulator ran.
      ctx.cookies.set('host_cookie', 'x', { signed: true });
      ctx.body = 'host';
    });
    server.on('request', hostApp.callback());
  } else {
    server.on('request', mountAtIssuerPath(issuer, app).callback());
  }

  const insecure = { execute: [oidc.allowInsecureRequests] };
  const rp = await oidc.discovery(new URL(issuer), SECRET_CLIENT.id, SECRET_CLIENT.secret, oidc.ClientSecretBasic(SECRET_CLIENT.secret), insecure);
  const jwtRp = await oidc.discovery(new URL(issuer), JWT_CLIENT_ID, undefined, oidc.PrivateKeyJwt({ key: privateKey, kid: 'rp-jwt-key' }), insecure);

  return {
    issuer,
    identities,
    mitid,
    rp,
    jwtRp,
    browser: () => new SimulatorBrowser(issuer),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** What a relying party keeps between the redirect and the callback. */
export interface AuthorizationRequest {
  url: URL;
  codeVerifier: string;
  nonce: string;
  state: string;
}

export async function authorizationRequest(config: oidc.Configuration, extra: Record<string, string> = {}): Promise<AuthorizationRequest> {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const nonce = oidc.randomNonce();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: ALL_SCOPES,
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    nonce,
    state,
    ...extra,
  });
  return { url, codeVerifier, nonce, state };
}

/** The code grant and userinfo, as a relying party does them after the callback. */
export async function redeem(config: oidc.Configuration, request: AuthorizationRequest, callbackUrl: URL) {
  const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: request.codeVerifier,
    expectedNonce: request.nonce,
    expectedState: request.state,
    idTokenExpected: true,
  });
  const idToken = tokens.claims();
  if (!idToken) throw new Error('no ID token');
  const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub);
  return { idToken, userinfo };
}
