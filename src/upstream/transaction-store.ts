// Where the upstream login's transaction (PKCE verifier, state, nonce) waits between redirect and callback.
import type { Loa } from '../domain/mitid.ts';

export interface UpstreamTransaction {
  /** The Kontekst interaction this upstream login belongs to; the callback must come back to it. */
  interactionId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Minimum level of assurance the relying party asked for, checked again on return. */
  requiredLoa?: Loa;
  /** max_age sent upstream; auth_time is checked against it on return. */
  maxAge?: number;
  /** prompt=login was sent upstream; auth_time must not predate the transaction. */
  forceLogin?: boolean;
  createdAt: number;
}

export interface TransactionStore {
  save(transaction: UpstreamTransaction, ttlSeconds: number): Promise<void>;
  /**
   * Atomically reads and removes the transaction for `state` of this interaction; undefined when unknown, used,
   * expired or another interaction's. A callback arriving in the wrong browser (another interaction) finds
   * nothing and leaves the rightful browser's transaction in place.
   */
  consume(state: string, interactionId: string): Promise<UpstreamTransaction | undefined>;
}

/** Anything with the two key-value operations a transaction store needs (see store/kv.ts). */
export interface TransactionKeyValue {
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  take(key: string): Promise<string | undefined>;
}

/** A transaction store over any key-value store: in-memory in development, Redis in production. */
export function keyValueTransactionStore(kv: TransactionKeyValue, prefix = 'upstream-txn:'): TransactionStore {
  return {
    async save(transaction, ttlSeconds) {
      await kv.set(transactionKey(prefix, transaction.interactionId, transaction.state), JSON.stringify(transaction), ttlSeconds);
    },
    async consume(state, interactionId) {
      const raw = await kv.take(transactionKey(prefix, interactionId, state));
      return raw === undefined ? undefined : (JSON.parse(raw) as UpstreamTransaction);
    },
  };
}

/** Interaction and state both name the transaction: only the browser of that interaction can take it. */
export function transactionKey(prefix: string, interactionId: string, state: string): string {
  return `${prefix}${interactionId}:${state}`;
}
