// The baseline: a bare oidc-provider (same library version, same store, same keys and client) whose interaction logs in at once.
import { createServer } from 'node:http';
import Koa from 'koa';
import mount from 'koa-mount';
import Provider, { type Configuration } from 'oidc-provider';
import { loadConfig } from '../src/config/index.ts';
import { loadOrCreateJwks } from '../src/oidc/keys.ts';
import { TTL } from '../src/oidc/provider.ts';
import { createStorage } from '../src/bootstrap-storage.ts';
import { autoLoginRouter } from './auto-login.ts';
import { benchProbeRouter } from './probe.ts';
import { BENCH_CLIENT } from './clients.ts';

const config = loadConfig(process.env);
const storage = createStorage(config);
await storage.whenReady();
const jwks = await loadOrCreateJwks({ dir: config.keysDir, file: 'signing.jwks.json', purpose: 'signing', production: false });
const { identity_types: _types, entitlements: _entitlements, first_party: _firstParty, ...client } = BENCH_CLIENT;

// The same protocol settings as Kontekst where they cost something: PKCE, refresh rotation, lifetimes, cookies.
const provider = new Provider(config.issuer, {
  adapter: storage.adapter,
  clients: [client as Configuration['clients'] extends (infer C)[] | undefined ? C : never],
  jwks: jwks as Configuration['jwks'],
  cookies: { keys: [...config.cookieSecrets], long: { signed: true, sameSite: 'lax' }, short: { signed: true, sameSite: 'lax' } },
  pkce: { required: () => true },
  scopes: ['openid', 'offline_access'],
  ttl: { ...TTL },
  rotateRefreshToken: true,
  issueRefreshToken: async (_ctx, rpClient, code) => rpClient.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
  findAccount: async (_ctx, accountId) => ({ accountId, claims: () => ({ sub: accountId }) }),
  features: { devInteractions: { enabled: false }, userinfo: { enabled: true } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
});

provider.on('server_error', (_ctx, error) => process.stderr.write(`server_error ${error.message}\n`));

const app = new Koa();
// Mounted in a Koa app (as in Kontekst), the host app's keys sign the provider's cookies.
app.keys = [...config.cookieSecrets];
app.use(benchProbeRouter(storage).routes());
app.use(autoLoginRouter(provider).routes());
app.use(mount(provider));
const server = createServer(app.callback());
server.keepAliveTimeout = 65_000;
server.listen(config.port, config.host, () => process.stdout.write(`listening ${config.port}\n`));
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void storage.close().finally(() => process.exit(0));
});
