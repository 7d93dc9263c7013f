// Builds a whole Kontekst from configuration: storage, keys, directory, clients, provider, upstream, simulator, app.
import type Koa from 'koa';
import type Provider from 'oidc-provider';
import type { Logger } from 'pino';
import type Router from '@koa/router';
import { noMitIdIssuer, type MitIdIssuer } from './admin/ports.ts';
import { createApp } from './app.ts';
import { createCvrRegister, type CvrRegister } from './cvr-register/index.ts';
import type { Config } from './config/index.ts';
import { createAdminService, type AdminService } from './admin/service.ts';
import { directoryReadiness, ensureDirectory } from './admin/seed.ts';
import { DEMO_WORLD_FILE } from './config/load.ts';
import { allStartupSteps } from './config/startup-error.ts';
import { loadDirectoryWorld } from './directory/world.ts';
import { JourneyStore } from './journey/journey-store.ts';
import { endUpstreamSessionOnLogout } from './journey/upstream-logout.ts';
import { UPSTREAM_LOGOUT_RETURN_PATH, UpstreamSessions } from './journey/upstream-session.ts';
import { loadStaticClients, type ClientRegistration } from './oidc/clients.ts';
import { loadOrCreateJwks, publicJwk, UPSTREAM_CLIENT_JWKS_FILE } from './oidc/keys.ts';
import { createProvider, TTL } from './oidc/provider.ts';
import { loadResourceServers } from './oidc/resource-servers.ts';
import { adminSessionTerminator, createRevocationService, type RevocationService } from './oidc/revocation/index.ts';
import { PersonStore } from './oidc/person-store.ts';
import { limiterBackendOf } from './ratelimit/limiter.ts';
import { createOidcRateLimits, oidcRateLimits } from './ratelimit/oidc-rate-limits.ts';
import { createOutbox, type Outbox } from './outbox/index.ts';
import { createSimulator, loadSimulatorIdentities } from './simulator/index.ts';
import { createStorage, withOidcOutageErrors, type Storage } from './bootstrap-storage.ts';
import { createUpstreamConnector, keyValueTransactionStore, type UpstreamConnector } from './upstream/index.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { observeRedisCommands } from './store/redis-metrics.ts';

export const UPSTREAM_CALLBACK_PATH = '/login/mitid/callback';

export interface Kontekst {
  app: Koa;
  provider: Provider;
  storage: Storage;
  upstream: UpstreamConnector;
  /** Ends a person's or business user's live sessions and tells relying parties (the admin service's SessionTerminator). */
  revocation: RevocationService;
  /** The administration service over this Kontekst's directory. */
  admin: AdminService;
  metrics: Metrics;
  /** E-mail/SMS transports and the delivery worker factory (the admin service's outbox is its source). */
  outbox: Outbox;
  /** Issues dedicated MitIDs: the built-in simulator's port when it runs (a production broker adapter otherwise). */
  mitIdIssuer?: MitIdIssuer;
  /** Who may represent which CVR, for the self-service connection of an organisation. */
  cvrRegister: CvrRegister;
  close(): Promise<void>;
}

export interface BuildOptions {
  /** Clients in addition to those in CLIENTS_DIR (tests, the demo relying party). */
  extraClients?: ClientRegistration[];
  /** Replaces the storage chosen by configuration (tests). */
  storage?: Storage;
  /** Routers mounted before the provider (the demo relying party). */
  extraRouters?: (kontekst: { config: Config }) => Router[];
  /** Skip seeding an empty directory from WORLD_FILE. */
  skipDirectorySeed?: boolean;
  /** This instance's metrics (main.ts adds process metrics); default: a registry of its own without them. */
  metrics?: Metrics;
}

/**
 * Storage that answers, or an error: a process must not take traffic before Redis is reachable. The storage
 * is closed again when it never becomes ready, so a failed start leaves no reconnecting client behind.
 */
async function readyStorage(config: Config, logger: Logger, options: BuildOptions, metrics: Metrics): Promise<Storage> {
  const storage = options.storage ?? createStorage(config, { logger: logger.child({ part: 'storage' }) });
  if (storage.redis) observeRedisCommands(storage.redis, metrics);
  try {
    await storage.whenReady();
  } catch (error) {
    if (!options.storage) await storage.close();
    throw error;
  }
  return storage;
}

/** Every configuration file a start reads, read together: all their problems are reported in one StartupError. */
function loadStartupFiles(config: Config, options: BuildOptions) {
  return allStartupSteps([
    loadOrCreateJwks({ dir: config.keysDir, file: 'signing.jwks.json', purpose: 'signing', inline: config.signingJwks, production: config.production }),
    // Only private_key_jwt at the MitID broker needs a key of Kontekst's own.
    config.upstream.clientAuth === 'private_key_jwt'
      ? loadOrCreateJwks({ dir: config.keysDir, file: UPSTREAM_CLIENT_JWKS_FILE, purpose: 'upstream-client', production: config.production, algs: ['ES256'] })
      : Promise.resolve({ keys: [] }),
    // Every process serving the simulator must sign with the same key: the token call and the JWKS fetch
    // of one login may land on different processes behind the load balancer.
    config.simulator.enabled
      ? loadOrCreateJwks({ dir: config.keysDir, file: 'simulator-signing.jwks.json', purpose: 'simulator', production: false, algs: ['RS256'] })
      : Promise.resolve(undefined),
    loadStaticClients(config.clientsDir),
    loadResourceServers(config.resourceServersFile),
    options.skipDirectorySeed || !config.worldFile ? Promise.resolve(undefined) : loadDirectoryWorld(config.worldFile),
    config.simulator.enabled ? loadSimulatorIdentities(config.worldFile ?? DEMO_WORLD_FILE) : Promise.resolve([]),
  ]);
}

export async function buildKontekst(config: Config, logger: Logger, options: BuildOptions = {}): Promise<Kontekst> {
  // Files first: a bad file stops the start before any storage connection is made.
  const [signing, upstreamClientKeys, simulatorKeys, staticClients, resourceServers, world, identities] = await loadStartupFiles(config, options);
  // Tests build many instances in one process: each has a registry of its own.
  const metrics = options.metrics ?? createMetrics({ processMetrics: false });
  const storage = await readyStorage(config, logger, options, metrics);
  // The simulator (the MitID issuer in development) is built further down; the admin service reaches it through this.
  let mitIdIssuer: MitIdIssuer | undefined;
  const mitid: MitIdIssuer = {
    issueDedicatedMitId: (request) => (mitIdIssuer ?? noMitIdIssuer).issueDedicatedMitId(request),
    blockMeans: (request) => (mitIdIssuer ?? noMitIdIssuer).blockMeans(request),
  };
  // Admin is built first (seeding runs through it); its sessions port reaches the revocation service once the provider exists.
  let revocationOnceReady: RevocationService | undefined;
  const admin = createAdminService({
    directory: storage.directory,
    publicUrl: config.publicUrl,
    mitid,
    logger: logger.child({ part: 'admin' }),
    sessions: adminSessionTerminator(storage.revocationQueue, () => revocationOnceReady),
  });
  // Only an empty directory is seeded; a restart never overwrites what administrators changed.
  await ensureDirectory(admin, storage.directory, world ? async () => world : undefined, logger);

  const upstreamKey = upstreamClientKeys.keys[0];
  const clients = [...staticClients, ...(options.extraClients ?? [])];
  // What the provider reads through (findAccount, policy) reports an outage as temporarily_unavailable.
  const persons = new PersonStore(withOidcOutageErrors(storage.kv), TTL.RefreshToken + TTL.Session);
  const providerDirectory = withOidcOutageErrors(storage.directory);

  const provider = createProvider({
    config,
    clients,
    jwks: signing,
    directory: providerDirectory,
    persons,
    resourceServers,
    logger,
    adapter: storage.adapter,
    metrics,
  });

  // Every process runs the worker: a job stored anywhere (or left by a process that died) is finished here too.
  const revocation = createRevocationService({
    provider,
    holders: storage.holders,
    queue: storage.revocationQueue,
    logger,
    onDelivery: (outcome) => metrics.revocationDelivery(outcome),
    onRun: (outcome) => metrics.revocationSessionsEnded(outcome.sessionsEnded),
  });
  revocationOnceReady = revocation;

  const callbackUrl = `${config.publicUrl}${UPSTREAM_CALLBACK_PATH}`;
  const upstream = createUpstreamConnector({
    issuer: config.upstream.issuer,
    clientId: config.upstream.clientId,
    clientAuth:
      config.upstream.clientAuth === 'client_secret_basic'
        ? { method: 'client_secret_basic', secret: config.upstream.clientSecret! }
        : { method: 'private_key_jwt', privateJwk: upstreamKey! },
    redirectUri: callbackUrl,
    claimMapping: config.upstream.claimMapping,
    timeoutMs: config.upstream.timeoutMs,
    claimsFromIdToken: config.upstream.claimsFromIdToken,
    allowInsecureHttp: !config.production,
    transactions: keyValueTransactionStore(storage.kv),
    transactionTtlSeconds: TTL.Interaction,
    observe: (operation, seconds, outcome) => metrics.upstreamRequest(operation, seconds, outcome),
  });

  // Before the provider's own work: refuse sources and clients over their limits (429 with Retry-After).
  const limiterBackend = limiterBackendOf(storage);
  provider.use(oidcRateLimits(createOidcRateLimits(config.rateLimits, limiterBackend, (limit) => metrics.rateLimitHit(limit))));

  // Logging out of Kontekst ends this browser's MitID session too (see journey/upstream-logout.ts).
  const upstreamSessions = new UpstreamSessions(storage.kv, TTL.Session, config.production);
  provider.use(endUpstreamSessionOnLogout({ upstream, sessions: upstreamSessions, publicUrl: config.publicUrl, logger: logger.child({ part: 'logout' }) }));

  let simulatorApp: Koa | undefined;
  if (config.simulator.enabled) {
    const simulator = await createSimulator({
      issuer: config.simulator.issuer,
      identities,
      clients: [
        {
          client_id: config.upstream.clientId,
          client_name: 'Kontekst',
          redirect_uris: [callbackUrl],
          post_logout_redirect_uris: [`${config.publicUrl}${UPSTREAM_LOGOUT_RETURN_PATH}`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          ...(config.upstream.clientAuth === 'client_secret_basic'
            ? { token_endpoint_auth_method: 'client_secret_basic', client_secret: config.upstream.clientSecret }
            : { token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [publicJwk(upstreamKey!)] } }),
        },
      ],
      cookieKeys: [...config.cookieSecrets],
      codeBlockSeconds: config.simulator.codeBlockSeconds,
      store: storage.kv,
      limiterBackend,
      wrongCodesPerSource: config.rateLimits.simulatorCodesPerIp,
      adapter: storage.simulatorAdapter,
      jwks: simulatorKeys,
      logger: logger.child({ part: 'simulator' }),
    });
    simulatorApp = simulator.app;
    mitIdIssuer = simulator.issuer;
  }

  const outbox = createOutbox(config.outbox, { production: config.production });
  const cvrRegister = await createCvrRegister(config.cvrRegister, config.worldFile);
  const app = await createApp({
    config,
    logger,
    provider,
    journey: {
      provider,
      upstream,
      directory: storage.directory,
      journeys: new JourneyStore(storage.kv, TTL.Interaction),
      upstreamSessions,
      persons,
      logger: logger.child({ part: 'journey' }),
      callbackPath: UPSTREAM_CALLBACK_PATH,
      secureCookies: config.production,
      interactionTtlSeconds: TTL.Interaction,
      metrics,
    },
    readiness: [
      { name: 'storage', check: () => storage.ready() },
      { name: 'directory', check: directoryReadiness(storage.directory, logger) },
    ],
    upstreamClientJwks: { keys: upstreamClientKeys.keys.map(publicJwk) },
    simulator: simulatorApp,
    extraRouters: [...(options.extraRouters?.({ config }) ?? []), ...outbox.devRouters],
    metrics,
  });

  revocation.start();
  const close = async () => {
    await revocation.stop();
    outbox.close();
    await upstream.close();
    await storage.close();
  };
  return { app, provider, storage, upstream, revocation, admin, metrics, outbox, mitIdIssuer, cvrRegister, close };
}
