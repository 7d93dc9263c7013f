// Measures what Kontekst keeps in Redis under a key prefix (keys and bytes), for the benchmark and capacity planning.
import { Cluster, type Redis } from 'ioredis';
import type { RedisClient } from './redis.ts';

export interface StoredUsage {
  keys: number;
  /** Redis' own estimate of the memory the keys take, overhead included (MEMORY USAGE … SAMPLES 0). */
  bytes: number;
  /** Keys grouped by their part after the prefix ("oidc", "kv", "dir"). */
  keysByArea: Record<string, number>;
}

async function usageOnNode(node: Redis, keyPrefix: string, total: StoredUsage): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await node.scan(cursor, 'MATCH', `${keyPrefix}:*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      const bytes = Number(await node.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) || 0;
      total.keys += 1;
      total.bytes += bytes;
      const area = key.slice(keyPrefix.length + 1).split(':')[0] ?? '';
      total.keysByArea[area] = (total.keysByArea[area] ?? 0) + 1;
    }
  } while (cursor !== '0');
}

/** Scans every primary (one per Cluster shard, or the single server) for keys under the prefix. Not for hot paths. */
export async function storedUsage(redis: RedisClient, keyPrefix: string): Promise<StoredUsage> {
  const total: StoredUsage = { keys: 0, bytes: 0, keysByArea: {} };
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  for (const node of nodes) await usageOnNode(node, keyPrefix, total);
  return total;
}
