// A tiny key-value store interface (with TTLs and atomic take) and its bounded in-memory implementation.
import { LRUCache } from 'lru-cache';

export interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  /** Stores a value that expires after ttlSeconds. */
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** Stores a value only when the key holds none; of two concurrent calls at most one returns true. */
  setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  /** Atomically reads and deletes: of two concurrent takes, at most one gets the value. */
  take(key: string): Promise<string | undefined>;
  delete(key: string): Promise<void>;
}

/**
 * Default cap of the in-memory store: 32 MiB of keys and values (journeys, person snapshots, upstream
 * transactions, simulator state). When full, the least recently used entry goes first.
 */
export const MEMORY_KV_MAX_BYTES = 32 * 1024 * 1024;

/** In-memory store for the embedded default and tests; single process only, bounded by an LRU. */
export class MemoryKeyValueStore implements KeyValueStore {
  readonly #entries: LRUCache<string, string>;

  /** @param now injectable clock (tests); expiry is checked against it on every read. */
  constructor(now: () => number = Date.now, options: { maxBytes?: number } = {}) {
    this.#entries = new LRUCache<string, string>({
      maxSize: options.maxBytes ?? MEMORY_KV_MAX_BYTES,
      sizeCalculation: (value, key) => key.length + value.length,
      perf: { now },
      ttlResolution: 0,
    });
  }

  async get(key: string): Promise<string | undefined> {
    return this.#entries.get(key);
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.#entries.set(key, value, { ttl: Math.max(1, ttlSeconds * 1000) });
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    // get (not has) so an expired entry counts as absent.
    if (this.#entries.get(key) !== undefined) return false;
    await this.set(key, value, ttlSeconds);
    return true;
  }

  async take(key: string): Promise<string | undefined> {
    const value = this.#entries.get(key);
    this.#entries.delete(key);
    return value;
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  /** Bytes held (keys and values), for tests and the README's figures. */
  get bytes(): number {
    return this.#entries.calculatedSize;
  }
}
