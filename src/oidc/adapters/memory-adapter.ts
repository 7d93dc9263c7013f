// In-memory oidc-provider adapter for the embedded single-process default: same contract as the Redis adapter.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import {
  alreadyConsumed, epochSeconds, grantMember, indexesOf, ttlMs, type AdapterFactory,
} from './adapter-model.ts';

interface StoredRecord {
  /** Serialised, so callers never share (and mutate) the stored object, exactly like Redis. */
  json: string;
  consumed?: number;
  expiresAt: number;
}

interface Pointer {
  id: string;
  expiresAt: number;
}

interface GrantMembers {
  members: Set<string>;
  expiresAt: number;
}

/** All models of one provider share this storage, as they share one Redis. */
class MemoryStorage {
  readonly records = new Map<string, StoredRecord>();
  readonly sessionUids = new Map<string, Pointer>();
  readonly userCodes = new Map<string, Pointer>();
  readonly grants = new Map<string, GrantMembers>();
  #writes = 0;

  live<T extends { expiresAt: number }>(map: Map<string, T>, key: string): T | undefined {
    const entry = map.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      map.delete(key);
      return undefined;
    }
    return entry;
  }

  // Expired entries nobody asks for again would pile up; sweep everything every few hundred writes.
  sweepSometimes(): void {
    this.#writes += 1;
    if (this.#writes % 500 !== 0) return;
    const now = Date.now();
    for (const map of [this.records, this.sessionUids, this.userCodes, this.grants] as Map<string, { expiresAt: number }>[]) {
      for (const [key, entry] of map) if (entry.expiresAt <= now) map.delete(key);
    }
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
    const { sessionUid, userCode, grantId } = indexesOf(this.model, payload);
    const consumed = typeof payload.consumed === 'number' ? payload.consumed : undefined;
    this.storage.records.set(grantMember(this.model, id), { json: JSON.stringify(payload), consumed, expiresAt });
    if (sessionUid) this.storage.sessionUids.set(sessionUid, { id, expiresAt });
    if (userCode) this.storage.userCodes.set(userCode, { id, expiresAt });
    if (grantId) {
      const grant = this.storage.live(this.storage.grants, grantId) ?? { members: new Set<string>(), expiresAt };
      grant.members.add(grantMember(this.model, id));
      // The index lives as long as its longest-lived token.
      grant.expiresAt = Math.max(grant.expiresAt, expiresAt);
      this.storage.grants.set(grantId, grant);
    }
    this.storage.sweepSometimes();
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const record = this.storage.live(this.storage.records, grantMember(this.model, id));
    if (!record) return undefined;
    const payload = JSON.parse(record.json) as AdapterPayload;
    if (record.consumed !== undefined) payload.consumed = record.consumed;
    return payload;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const pointer = this.storage.live(this.storage.sessionUids, uid);
    const payload = pointer && (await this.find(pointer.id));
    // A stale pointer (session re-keyed or destroyed) must not return another session.
    return payload?.uid === uid ? payload : undefined;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const pointer = this.storage.live(this.storage.userCodes, userCode);
    const payload = pointer && (await this.find(pointer.id));
    return payload?.userCode === userCode ? payload : undefined;
  }

  async consume(id: string): Promise<void> {
    const record = this.storage.live(this.storage.records, grantMember(this.model, id));
    if (!record || record.consumed !== undefined) throw alreadyConsumed();
    record.consumed = epochSeconds();
  }

  async destroy(id: string): Promise<void> {
    // Index entries pointing here are left to expire; every lookup through them re-checks the record.
    this.storage.records.delete(grantMember(this.model, id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    const grant = this.storage.grants.get(grantId);
    this.storage.grants.delete(grantId);
    for (const member of grant?.members ?? []) this.storage.records.delete(member);
  }
}

/** A fresh, isolated in-memory store; pass the result as oidc-provider's `adapter` option. */
export function createMemoryAdapterFactory(): AdapterFactory {
  const storage = new MemoryStorage();
  return (model) => new MemoryAdapter(model, storage);
}
