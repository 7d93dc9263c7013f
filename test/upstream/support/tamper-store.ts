// A transaction store that lets a test rewrite the stored transaction (nonce, required level) as an attacker with store access could.
import { MemoryKeyValueStore } from '../../../src/store/kv.ts';
import {
  keyValueTransactionStore,
  transactionKey,
  type TransactionStore,
  type UpstreamTransaction,
} from '../../../src/upstream/transaction-store.ts';

export interface TamperableStore extends TransactionStore {
  /** Rewrites the saved transaction for `state` in place. */
  tamper(state: string, change: (transaction: UpstreamTransaction) => UpstreamTransaction): Promise<void>;
}

export function tamperableStore(): TamperableStore {
  const kv = new MemoryKeyValueStore();
  const store = keyValueTransactionStore(kv, 'txn:');
  // Which interaction each state belongs to: the store's key needs both.
  const interactionOf = new Map<string, string>();
  return {
    ...store,
    async save(transaction, ttlSeconds) {
      interactionOf.set(transaction.state, transaction.interactionId);
      await store.save(transaction, ttlSeconds);
    },
    async tamper(state, change) {
      const key = transactionKey('txn:', interactionOf.get(state) ?? '', state);
      const raw = await kv.get(key);
      if (!raw) throw new Error('no such transaction');
      await kv.set(key, JSON.stringify(change(JSON.parse(raw) as UpstreamTransaction)), 60);
    },
  };
}
