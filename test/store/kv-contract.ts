// The KeyValueStore contract: one suite, registered once per implementation.
import { expect, it } from 'vitest';
import type { KeyValueStore } from '../../src/store/kv.ts';
import { keyValueTransactionStore } from '../../src/upstream/transaction-store.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function keyValueStoreContract(makeStore: () => KeyValueStore): void {
  it('returns what was set and undefined for unknown keys', async () => {
    const store = makeStore();
    await store.set('a', 'value-a', 60);
    expect(await store.get('a')).toBe('value-a');
    expect(await store.get('missing')).toBeUndefined();
  });

  it('setIfAbsent writes only a missing (or expired) key, and only one of two concurrent calls wins', async () => {
    const store = makeStore();
    expect(await store.setIfAbsent('once', 'first', 60)).toBe(true);
    expect(await store.setIfAbsent('once', 'second', 60)).toBe(false);
    expect(await store.get('once')).toBe('first');
    const results = await Promise.all(Array.from({ length: 10 }, (_, index) => store.setIfAbsent('race', `v${index}`, 60)));
    expect(results.filter(Boolean)).toHaveLength(1);
    await store.set('brief', 'x', 0.1);
    await sleep(200);
    expect(await store.setIfAbsent('brief', 'y', 60)).toBe(true);
  });

  it('overwrites a value on set', async () => {
    const store = makeStore();
    await store.set('a', 'first', 60);
    await store.set('a', 'second', 60);
    expect(await store.get('a')).toBe('second');
  });

  it('forgets a value after its TTL', async () => {
    const store = makeStore();
    await store.set('short', 'x', 0.15);
    await store.set('long', 'y', 60);
    expect(await store.get('short')).toBe('x');
    await sleep(300);
    expect(await store.get('short')).toBeUndefined();
    expect(await store.take('short')).toBeUndefined();
    expect(await store.get('long')).toBe('y');
  });

  it('take returns the value once and removes it', async () => {
    const store = makeStore();
    await store.set('once', 'secret', 60);
    expect(await store.take('once')).toBe('secret');
    expect(await store.take('once')).toBeUndefined();
    expect(await store.get('once')).toBeUndefined();
  });

  it('of many concurrent takes exactly one gets the value', async () => {
    const store = makeStore();
    await store.set('race', 'prize', 60);
    const results = await Promise.all(Array.from({ length: 25 }, () => store.take('race')));
    expect(results.filter((result) => result === 'prize')).toHaveLength(1);
    expect(results.filter((result) => result === undefined)).toHaveLength(24);
  });

  it('delete removes a value and tolerates unknown keys', async () => {
    const store = makeStore();
    await store.set('gone', 'x', 60);
    await store.delete('gone');
    await store.delete('never-there');
    expect(await store.get('gone')).toBeUndefined();
  });

  it('keeps keys with braces and colons apart', async () => {
    const store = makeStore();
    await store.set('a:{b}', 'one', 60);
    await store.set('a:{c}', 'two', 60);
    expect(await store.get('a:{b}')).toBe('one');
    expect(await store.get('a:{c}')).toBe('two');
  });

  it('carries the upstream transaction store: a transaction is consumed once', async () => {
    const transactions = keyValueTransactionStore(makeStore());
    const transaction = { interactionId: 'i1', state: 's1', nonce: 'n1', codeVerifier: 'v1', createdAt: 1 };
    await transactions.save(transaction, 60);
    // Another interaction's callback with the same state takes nothing.
    expect(await transactions.consume('s1', 'i2')).toBeUndefined();
    expect(await transactions.consume('s1', 'i1')).toEqual(transaction);
    expect(await transactions.consume('s1', 'i1')).toBeUndefined();
  });
}
