// The library-default baseline: oidc-provider 9 as a user starting from the library gets it — its default
// configuration and in-memory adapter, served by the provider's own Koa app — with an auto-login interaction.
import { createServer } from 'node:http';
import Provider, { type Configuration } from 'oidc-provider';
import { loadOrCreateJwks } from '../src/oidc/keys.ts';
import { autoLoginRouter } from './auto-login.ts';
import { benchProbeRouter } from './probe.ts';
import { BENCH_CLIENT } from './clients.ts';

const port = Number(process.env['PORT']);
const host = process.env['HOST'] ?? '127.0.0.1';
const issuer = process.env['PUBLIC_URL'] ?? `http://${host}:${port}`;
// Kontekst's key set, so the ID token is signed with the same algorithm and key size (the client's default, RS256).
const jwks = await loadOrCreateJwks({ dir: process.env['KEYS_DIR']!, file: 'signing.jwks.json', purpose: 'signing', production: false });
const { identity_types: _types, entitlements: _entitlements, first_party: _firstParty, ...client } = BENCH_CLIENT;

// Only what a login needs changed from the defaults: the client, the keys, an interaction in place of the
// development login form, and refresh rotation as Kontekst has it (the default rotates only public clients' tokens).
const provider = new Provider(issuer, {
  clients: [client as Configuration['clients'] extends (infer C)[] | undefined ? C : never],
  jwks: jwks as Configuration['jwks'],
  features: { devInteractions: { enabled: false } },
  rotateRefreshToken: true,
});
provider.on('server_error', (_ctx, error) => process.stderr.write(`server_error ${error.message}\n`));
provider.use(benchProbeRouter({}).routes());
provider.use(autoLoginRouter(provider).routes());

const server = createServer(provider.callback());
server.keepAliveTimeout = 65_000;
server.listen(port, host, () => process.stdout.write(`listening ${port}\n`));
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
