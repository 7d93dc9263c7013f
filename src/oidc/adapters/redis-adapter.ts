// oidc-provider adapter on Redis (single, Sentinel or Cluster): one round trip per call, atomic consume, grant revocation.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import {
  oidcGrantTokensKey,
  oidcHolderIndexKey,
  oidcRecordKey,
  oidcRecordKeyParts,
  oidcSessionUidKey,
  oidcUserCodeKey,
} from '../../store/keys.ts';
import { isCluster, type RedisClient } from '../../store/redis.ts';
import {
  alreadyConsumed,
  epochSeconds,
  grantMember,
  holderRecordsOf,
  HOLDER_INDEXED_MODELS,
  indexesOf,
  storageUnavailable,
  ttlMs,
  type HolderIndex,
  type IndexedAdapterFactory,
} from './adapter-model.ts';
import { withAdapterScripts, type AdapterScripts } from './redis-scripts.ts';

type ScriptedRedis = RedisClient & AdapterScripts;

/** One key's write for the WRITE script: kind, value, TTL ms ("0" = none), consumed ("" = none), holder index key ("" = none). */
interface KeyWrite {
  key: string;
  args: [kind: 'record' | 'pointer' | 'member' | 'holder', value: string, ttl: string, consumed: string, holderKey: string];
}

function parsePayload(json: string | null, consumed: string | null): AdapterPayload | undefined {
  if (json === null) return undefined;
  const payload = JSON.parse(json) as AdapterPayload;
  if (consumed !== null) payload.consumed = Number(consumed);
  return payload;
}

class RedisAdapterCalls implements Adapter {
  readonly #clustered: boolean;

  constructor(
    private readonly model: string,
    private readonly redis: ScriptedRedis,
    private readonly prefix: string,
  ) {
    this.#clustered = isCluster(redis);
  }

  #key(id: string): string {
    return oidcRecordKey(this.prefix, this.model, id);
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const ttl = String(ttlMs(expiresIn) ?? 0);
    const consumed = typeof payload.consumed === 'number' ? String(payload.consumed) : '';
    const { sessionUid, userCode, grantId, holder } = indexesOf(this.model, payload);
    const holderKey = holder === undefined ? '' : oidcHolderIndexKey(this.prefix, holder);
    const writes: KeyWrite[] = [{ key: this.#key(id), args: ['record', JSON.stringify(payload), ttl, consumed, holderKey] }];
    if (sessionUid) writes.push({ key: oidcSessionUidKey(this.prefix, sessionUid), args: ['pointer', id, ttl, '', ''] });
    if (userCode) writes.push({ key: oidcUserCodeKey(this.prefix, userCode), args: ['pointer', id, ttl, '', ''] });
    if (grantId) writes.push({ key: oidcGrantTokensKey(this.prefix, grantId), args: ['member', grantMember(this.model, id), ttl, '', ''] });
    if (holderKey) writes.push({ key: holderKey, args: ['holder', grantMember(this.model, id), ttl, '', ''] });
    await this.#write(writes);
  }

  /**
   * A single Redis runs all writes as one script (atomic, one round trip). A Cluster cannot run one script
   * across slots, so each key gets its own call, sent together; auto-pipelining batches them per node.
   */
  async #write(writes: KeyWrite[]): Promise<void> {
    if (!this.#clustered) {
      await this.redis.kontekstOidcWrite(writes.length, ...writes.map((write) => write.key), ...writes.flatMap((write) => write.args));
      return;
    }
    await Promise.all(writes.map((write) => this.redis.kontekstOidcWriteOne(write.key, ...write.args)));
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const [json, consumed] = await this.redis.hmget(this.#key(id), 'p', 'c');
    return parsePayload(json ?? null, consumed ?? null);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const payload = await this.#findThroughPointer(oidcSessionUidKey(this.prefix, uid));
    // A stale pointer (session re-keyed or destroyed) must not return another session.
    return payload?.uid === uid ? payload : undefined;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const payload = await this.#findThroughPointer(oidcUserCodeKey(this.prefix, userCode));
    return payload?.userCode === userCode ? payload : undefined;
  }

  /** Single Redis: one script. Cluster: the pointer and its record live in different slots, so two calls. */
  async #findThroughPointer(pointerKey: string): Promise<AdapterPayload | undefined> {
    if (!this.#clustered) {
      const { head, tail } = oidcRecordKeyParts(this.prefix);
      const found = await this.redis.kontekstOidcDeref(pointerKey, `${head}${this.model}:`, tail);
      return found ? parsePayload(found[1], found[2]) : undefined;
    }
    const id = await this.redis.get(pointerKey);
    return id === null ? undefined : this.find(id);
  }

  async consume(id: string): Promise<void> {
    const outcome = await this.redis.kontekstOidcConsume(this.#key(id), String(epochSeconds()));
    if (outcome !== 1) throw alreadyConsumed();
  }

  async destroy(id: string): Promise<void> {
    // Pointer entries are left to expire (every lookup through them re-checks the record); the holder index
    // must stay exact, so a session or grant leaves it now: in the same call on a single Redis, next on a Cluster.
    if (!HOLDER_INDEXED_MODELS.has(this.model)) {
      await this.redis.del(this.#key(id));
      return;
    }
    const member = grantMember(this.model, id);
    const holderKey = await this.redis.kontekstOidcDestroy(this.#key(id), this.#clustered ? '' : member);
    if (holderKey && this.#clustered) await this.redis.zrem(holderKey, member);
  }

  /** Removes every record issued under the grant, whatever its model (the index is shared, as in oidc-provider's own adapter). */
  async revokeByGrantId(grantId: string): Promise<void> {
    const setKey = oidcGrantTokensKey(this.prefix, grantId);
    const { head, tail } = oidcRecordKeyParts(this.prefix);
    if (!this.#clustered) {
      await this.redis.kontekstOidcRevokeAll(setKey, head, tail);
      return;
    }
    const members = await this.redis.kontekstOidcPopMembers(setKey);
    await Promise.all(members.map((member) => this.redis.del(`${head}${member}${tail}`)));
  }
}

/** Every call of the inner adapter, with Redis failures turned into temporarily_unavailable (503). */
class RedisAdapter implements Adapter {
  readonly #inner: RedisAdapterCalls;

  constructor(model: string, redis: ScriptedRedis, prefix: string) {
    this.#inner = new RedisAdapterCalls(model, redis, prefix);
  }

  async #guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw storageUnavailable(error);
    }
  }

  upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    return this.#guard(() => this.#inner.upsert(id, payload, expiresIn));
  }

  find(id: string): Promise<AdapterPayload | undefined> {
    return this.#guard(() => this.#inner.find(id));
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.#guard(() => this.#inner.findByUid(uid));
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.#guard(() => this.#inner.findByUserCode(userCode));
  }

  consume(id: string): Promise<void> {
    return this.#guard(() => this.#inner.consume(id));
  }

  destroy(id: string): Promise<void> {
    return this.#guard(() => this.#inner.destroy(id));
  }

  revokeByGrantId(grantId: string): Promise<void> {
    return this.#guard(() => this.#inner.revokeByGrantId(grantId));
  }
}

/** The holder index on Redis: one call per lookup, expired members dropped on the way. */
function redisHolderIndex(redis: ScriptedRedis, prefix: string): HolderIndex {
  return {
    recordsOf: async (holderKey) => {
      try {
        return holderRecordsOf(await redis.kontekstOidcHolderMembers(oidcHolderIndexKey(prefix, holderKey)));
      } catch (error) {
        throw storageUnavailable(error);
      }
    },
  };
}

/** Adapters for every oidc-provider model on one Redis client; pass the result as the provider's `adapter` option. */
export function createRedisAdapterFactory(redis: RedisClient, keyPrefix: string): IndexedAdapterFactory {
  const scripted = withAdapterScripts(redis);
  const factory = (model: string) => new RedisAdapter(model, scripted, keyPrefix);
  return Object.assign(factory, { holders: redisHolderIndex(scripted, keyPrefix) });
}
