// A tiny key-value store interface (with TTLs and atomic take) and its in-memory implementation.

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

interface Entry {
  value: string;
  expiresAt: number;
}

/** In-memory store for the embedded default and tests; single process only. */
export class MemoryKeyValueStore implements KeyValueStore {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<string | undefined> {
    return this.#live(key)?.value;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.#entries.set(key, { value, expiresAt: this.now() + ttlSeconds * 1000 });
    this.#sweepSometimes();
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    if (this.#live(key)) return false;
    await this.set(key, value, ttlSeconds);
    return true;
  }

  async take(key: string): Promise<string | undefined> {
    const entry = this.#live(key);
    this.#entries.delete(key);
    return entry?.value;
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  // Expired entries nobody reads again would otherwise pile up; sweep on a fraction of writes.
  #sweepSometimes(): void {
    if (Math.random() > 0.01) return;
    const now = this.now();
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(key);
  }
}
