// Clients in Redis, through the same oidc-provider adapter the server uses: a running server sees every change at once.
import { Cluster, type Redis } from 'ioredis';
import type { Adapter } from 'oidc-provider';
import { createRedisAdapterFactory } from '../oidc/adapters/redis-adapter.ts';
import { oidcRecordKey } from '../store/keys.ts';
import type { RedisClient } from '../store/redis.ts';
import type { ClientStore, StoredClient } from './client-store.ts';
import { readClientFiles } from './file-client-store.ts';

type Metadata = StoredClient['metadata'];

function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}

/** Keys matching the pattern on every primary (one per Cluster shard). An operator command, not a hot path. */
async function scanKeys(redis: RedisClient, pattern: string): Promise<string[]> {
  const nodes: Redis[] = redis instanceof Cluster ? redis.nodes('master') : [redis];
  const keys: string[] = [];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
  }
  return keys;
}

export class RedisClientStore implements ClientStore {
  readonly kind = 'redis' as const;
  readonly live = true;
  readonly #adapter: (model: string) => Adapter;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    /** Static clients (CLIENTS_DIR) are listed too, read-only: every process loads them from its own files. */
    private readonly clientsDir: string,
  ) {
    this.#adapter = createRedisAdapterFactory(redis, prefix);
  }

  /** Ids of the records of one oidc-provider model, from their keys. */
  async #ids(model: string): Promise<string[]> {
    const head = oidcRecordKey(this.prefix, model, '');
    const keys = await scanKeys(this.redis, `${globEscape(head.slice(0, -1))}*}`);
    return keys.map((key) => key.slice(head.length - 1, -1)).sort();
  }

  async list(): Promise<StoredClient[]> {
    const stored: StoredClient[] = [];
    for (const id of await this.#ids('Client')) {
      const metadata = (await this.#adapter('Client').find(id)) as Metadata | undefined;
      if (metadata) stored.push({ metadata, source: 'redis', managed: true });
    }
    const files = (await readClientFiles(this.clientsDir)).map((client) => ({ ...client, managed: false }));
    return [...files, ...stored];
  }

  async get(clientId: string): Promise<StoredClient | undefined> {
    const file = (await readClientFiles(this.clientsDir)).find((client) => client.metadata.client_id === clientId);
    if (file) return { ...file, managed: false };
    const metadata = (await this.#adapter('Client').find(clientId)) as Metadata | undefined;
    return metadata ? { metadata, source: 'redis', managed: true } : undefined;
  }

  async save(metadata: Metadata): Promise<StoredClient> {
    // No expiry: a registered client lives until it is deleted (as oidc-provider stores dynamic registrations).
    await this.#adapter('Client').upsert(metadata.client_id, metadata);
    return { metadata, source: 'redis', managed: true };
  }

  /**
   * Deletes the client, its registration access tokens, and every grant issued to it (and with the grants their
   * access, refresh and authorization codes): its tokens stop working at once, on every surface.
   */
  async delete(clientId: string): Promise<{ revokedGrants: number }> {
    await this.#adapter('Client').destroy(clientId);
    for (const id of await this.#ids('RegistrationAccessToken')) {
      const token = await this.#adapter('RegistrationAccessToken').find(id);
      if (token?.['clientId'] === clientId) await this.#adapter('RegistrationAccessToken').destroy(id);
    }
    let revokedGrants = 0;
    const grants = this.#adapter('Grant');
    for (const grantId of await this.#ids('Grant')) {
      const grant = await grants.find(grantId);
      if (grant?.['clientId'] !== clientId) continue;
      await grants.revokeByGrantId(grantId);
      await grants.destroy(grantId);
      revokedGrants += 1;
    }
    return { revokedGrants };
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
