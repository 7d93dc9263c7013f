// What every command needs, built lazily from configuration: the client store, a provider for validation, cleanup.
import type Provider from 'oidc-provider';
import { exportJWK, generateKeyPair } from 'jose';
import type { Config } from '../config/index.ts';
import { createProvider, TTL } from '../oidc/provider.ts';
import { accessTokenTtlOf, loadResourceServers, type ResourceServer } from '../oidc/resource-servers.ts';
import { PersonStore } from '../oidc/person-store.ts';
import { silentLogger } from '../observability/logger.ts';
import { createStorage, type Storage } from '../bootstrap-storage.ts';
import { waitForRedis } from '../store/redis.ts';
import { CliError } from './errors.ts';
import type { ClientStore } from './client-store.ts';
import { FileClientStore } from './file-client-store.ts';
import { noMetrics } from '../observability/metrics.ts';
import { RedisClientStore } from './redis-client-store.ts';


export class CliRuntime {
  #storage?: Storage;
  #clients?: ClientStore;
  #provider?: Promise<Provider>;
  #resourceServers?: Promise<ResourceServer[]>;

  constructor(readonly config: Readonly<Config>) {}

  /** Redis when configured (what the server uses), else the static files in CLIENTS_DIR. */
  get storageKind(): 'redis' | 'memory' {
    return this.config.redis ? 'redis' : 'memory';
  }

  /** The server's storage, connected: Kontekst's Redis client fails fast instead of queueing while it connects. */
  async storage(): Promise<Storage> {
    if (!this.#storage) {
      this.#storage = createStorage(this.config);
      if (this.#storage.redis) {
        try {
          await waitForRedis(this.#storage.redis, Math.min(this.config.redis?.connectTimeoutMs ?? 5000, 5000));
        } catch {
          // Like a bad setting, an unreachable Redis is for the operator to fix before running the command again.
          throw new CliError('Redis (REDIS_URL / REDIS_CLUSTER_NODES / REDIS_SENTINELS) does not answer', 78);
        }
      }
    }
    return this.#storage;
  }

  async clients(): Promise<ClientStore> {
    if (!this.#clients) {
      const storage = this.config.redis ? await this.storage() : undefined;
      this.#clients = storage?.redis
        ? new RedisClientStore(storage.redis, this.config.redis!.keyPrefix, this.config.clientsDir)
        : new FileClientStore(this.config.clientsDir);
    }
    return this.#clients;
  }

  resourceServers(): Promise<ResourceServer[]> {
    this.#resourceServers ??= loadResourceServers(this.config.resourceServersFile);
    return this.#resourceServers;
  }

  /**
   * The server's own oidc-provider configuration on the shared storage: client metadata is validated exactly as the
   * server validates it, and models (initial access tokens) are written exactly as the server reads them. Its keys
   * are throwaway: this provider never signs anything.
   */
  provider(): Promise<Provider> {
    this.#provider ??= (async () => {
      const keys = await Promise.all(
        (['RS256', 'ES256'] as const).map(async (alg) => ({
          ...(await exportJWK((await generateKeyPair(alg, { extractable: true })).privateKey)),
          alg,
          use: 'sig',
          kid: `cli-validation-${alg.toLowerCase()}`,
        })),
      );
      const storage = await this.storage();
      return createProvider({
        config: this.config,
        clients: [],
        jwks: { keys },
        directory: storage.directory,
        persons: new PersonStore(storage.kv, TTL.RefreshToken),
        resourceServers: await this.resourceServers(),
        logger: silentLogger(),
        adapter: storage.adapter,
        metrics: noMetrics(),
      });
    })();
    return this.#provider;
  }

  /** The longest lifetime of a token signed with the signing keys (ID tokens, JWT access tokens). */
  async maxSignedTokenLifetimeSeconds(): Promise<number> {
    const resourceTtls = (await this.resourceServers()).map((server) => accessTokenTtlOf(server));
    return Math.max(TTL.IdToken, TTL.AccessToken, ...resourceTtls);
  }

  async close(): Promise<void> {
    await this.#clients?.close();
    await this.#storage?.close();
  }
}
