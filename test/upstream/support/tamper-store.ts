// A transaction store that lets a test rewrite the stored transaction (nonce, required level) as an attacker with store access could.
import { MemoryKeyValueStore } from '../../../src/store/kv.ts';
import { keyValueTransactionStore, type TransactionStore, type UpstreamTransaction } from '../../../src/upstream/transaction-store.ts';

export interface TamperableStore extends TransactionStore {
  /** Rewrites the saved transaction for `state` in place. */
  tamper(state: string, change: (transaction: UpstreamTransaction) => UpstreamTransaction): Promise<void>;
}

export function tamperableStore(): TamperableStore {
  const kv = new MemoryKeyValueStore();
  const store = keyValueTransactionStore(kv, 'txn:');
  return {
    ...store,
    async tamper(state, change) {
      const raw = await kv.get(`txn:${state}`);
      if (!raw) throw new Error('no such transaction');
      await kv.set(`txn:${state}`, JSON.stringify(change(JSON.parse(raw) as UpstreamTransaction)), 60);
    },
  };
}
