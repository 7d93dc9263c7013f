// In-memory oidc-provider adapter for the embedded single-process default: same contract as the Redis adapter, bounded by an LRU.
import { LRUCache } from 'lru-cache';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import {
  alreadyConsumed,
  epochSeconds,
  grantMember,
  holderRecordsOf,
  indexesOf,
  ttlMs,
  type HolderRecords,
  type IndexedAdapterFactory,
  type RecordIndexes,
} from './adapter-model.ts';

/**
 * Default cap of the expiring records (sessions, interactions, grants, tokens): 64 MiB of payload JSON,
 * about 3,000 logins at ~20 KB each. When full, the least recently used record goes first (that login
 * starts over). Records without expiry (dynamically registered clients) are not evicted.
 */
export const MEMORY_ADAPTER_MAX_BYTES = 64 * 1024 * 1024;

/** Bookkeeping per entry besides the JSON, so the cap counts a little more than the payload. */
const ENTRY_OVERHEAD_BYTES = 200;

interface StoredRecord {
  /** Serialised, so callers never share (and mutate) the stored object, exactly like Redis. */
  json: string;
  consumed?: number;
  expiresAt: number;
  id: string;
  indexes: RecordIndexes;
}

interface Pointer {
  id: string;
  expiresAt: number;
}

/**
 * All models of one provider share this storage, as they share one Redis. Every index entry belongs to a
 * record and is removed when that record goes (destroyed, expired, replaced or evicted), so the indexes are
 * exact and never outgrow the records.
 */
class MemoryStorage {
  readonly #expiring: LRUCache<string, StoredRecord>;
  readonly #permanent = new Map<string, StoredRecord>();
  readonly sessionUids = new Map<string, Pointer>();
  readonly userCodes = new Map<string, Pointer>();
  /** grantId → "<Model>:<id>" of the tokens issued under it. */
  readonly grants = new Map<string, Set<string>>();
  /** holder key → "<Model>:<id>" → expiry (ms). */
  readonly holders = new Map<string, Map<string, number>>();

  constructor(maxBytes: number) {
    this.#expiring = new LRUCache<string, StoredRecord>({
      maxSize: maxBytes,
      sizeCalculation: (record) => record.json.length + ENTRY_OVERHEAD_BYTES,
      dispose: (record, key) => this.#forget(key, record),
    });
  }

  get(key: string): StoredRecord | undefined {
    const record = this.#permanent.get(key) ?? this.#expiring.get(key);
    if (record && record.expiresAt <= Date.now()) {
      this.delete(key);
      return undefined;
    }
    return record;
  }

  set(key: string, record: StoredRecord): void {
    this.delete(key);
    if (record.expiresAt === Infinity) this.#permanent.set(key, record);
    else this.#expiring.set(key, record, { ttl: Math.max(1, record.expiresAt - Date.now()) });
    this.#remember(key, record);
  }

  delete(key: string): void {
    const permanent = this.#permanent.get(key);
    if (permanent) {
      this.#permanent.delete(key);
      this.#forget(key, permanent);
    }
    // The LRU calls #forget through dispose.
    this.#expiring.delete(key);
  }

  /** Entries and bytes held, for tests and the README's figures. */
  usage(): { records: number; bytes: number } {
    return { records: this.#expiring.size + this.#permanent.size, bytes: this.#expiring.calculatedSize };
  }

  #remember(key: string, record: StoredRecord): void {
    const { sessionUid, userCode, grantId, holder } = record.indexes;
    if (sessionUid) this.sessionUids.set(sessionUid, { id: record.id, expiresAt: record.expiresAt });
    if (userCode) this.userCodes.set(userCode, { id: record.id, expiresAt: record.expiresAt });
    if (grantId) this.#setOf(this.grants, grantId, () => new Set<string>()).add(key);
    if (holder) this.#setOf(this.holders, holder, () => new Map<string, number>()).set(key, record.expiresAt);
  }

  #forget(key: string, record: StoredRecord): void {
    const { sessionUid, userCode, grantId, holder } = record.indexes;
    if (sessionUid && this.sessionUids.get(sessionUid)?.id === record.id) this.sessionUids.delete(sessionUid);
    if (userCode && this.userCodes.get(userCode)?.id === record.id) this.userCodes.delete(userCode);
    if (grantId) this.#removeMember(this.grants, grantId, key);
    if (holder) this.#removeMember(this.holders, holder, key);
  }

  #setOf<T>(map: Map<string, T>, key: string, create: () => T): T {
    let value = map.get(key);
    if (!value) {
      value = create();
      map.set(key, value);
    }
    return value;
  }

  #removeMember(map: Map<string, Set<string> | Map<string, number>>, key: string, member: string): void {
    const members = map.get(key);
    if (!members) return;
    members.delete(member);
    if (members.size === 0) map.delete(key);
  }
}

class MemoryAdapter implements Adapter {
  constructor(
    private readonly model: string,
    private readonly storage: MemoryStorage,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const ttl = ttlMs(expiresIn);
    const expiresAt = ttl === undefined ? Infinity : Date.now() + ttl;
    const consumed = typeof payload.consumed === 'number' ? payload.consumed : undefined;
    this.storage.set(grantMember(this.model, id), {
      json: JSON.stringify(payload),
      consumed,
      expiresAt,
      id,
      indexes: indexesOf(this.model, payload),
    });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const record = this.storage.get(grantMember(this.model, id));
    if (!record) return undefined;
    const payload = JSON.parse(record.json) as AdapterPayload;
    if (record.consumed !== undefined) payload.consumed = record.consumed;
    return payload;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const pointer = this.storage.sessionUids.get(uid);
    const payload = pointer && (await this.find(pointer.id));
    // A stale pointer (session re-keyed or destroyed) must not return another session.
    return payload?.uid === uid ? payload : undefined;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const pointer = this.storage.userCodes.get(userCode);
    const payload = pointer && (await this.find(pointer.id));
    return payload?.userCode === userCode ? payload : undefined;
  }

  async consume(id: string): Promise<void> {
    const record = this.storage.get(grantMember(this.model, id));
    if (!record || record.consumed !== undefined) throw alreadyConsumed();
    record.consumed = epochSeconds();
  }

  async destroy(id: string): Promise<void> {
    this.storage.delete(grantMember(this.model, id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    // A copy: deleting a record removes it from this very set.
    for (const member of [...(this.storage.grants.get(grantId) ?? [])]) this.storage.delete(member);
  }
}

/** The holder's index entries whose records are still alive (expired ones are dropped on the way). */
function liveHolderRecords(storage: MemoryStorage, holderKey: string): HolderRecords {
  const members = storage.holders.get(holderKey);
  const live: string[] = [];
  for (const [member, expiresAt] of members ?? []) {
    if (expiresAt > Date.now() && storage.get(member)) live.push(member);
  }
  return holderRecordsOf(live);
}

export interface MemoryAdapterOptions {
  /** Cap of the expiring records' payload bytes (default MEMORY_ADAPTER_MAX_BYTES). */
  maxBytes?: number;
}

/** A fresh, isolated in-memory store; pass the result as oidc-provider's `adapter` option. */
export function createMemoryAdapterFactory(
  options: MemoryAdapterOptions = {},
): IndexedAdapterFactory & { usage(): { records: number; bytes: number } } {
  const storage = new MemoryStorage(options.maxBytes ?? MEMORY_ADAPTER_MAX_BYTES);
  const factory = (model: string) => new MemoryAdapter(model, storage);
  return Object.assign(factory, {
    holders: { recordsOf: async (holderKey: string) => liveHolderRecords(storage, holderKey) },
    usage: () => storage.usage(),
  });
}
