// The demo RP's in-memory state stays bounded and expires.
import { describe, expect, it } from 'vitest';
import { BoundedExpiringMap } from '../../src/demo-rp/bounded-map.ts';

function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('BoundedExpiringMap', () => {
  it('returns a value until it expires, then never again', () => {
    const time = clock();
    const map = new BoundedExpiringMap<string>({ maxEntries: 10, ttlMs: 100, now: time.now });
    map.set('a', 'one');
    time.advance(99);
    expect(map.get('a')).toBe('one');
    time.advance(1);
    expect(map.get('a')).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('take() is single use', () => {
    const map = new BoundedExpiringMap<number>({ maxEntries: 10, ttlMs: 1000 });
    map.set('k', 1);
    expect(map.take('k')).toBe(1);
    expect(map.take('k')).toBeUndefined();
  });

  it('never holds more than maxEntries: the oldest goes first', () => {
    const map = new BoundedExpiringMap<number>({ maxEntries: 3, ttlMs: 1000 });
    for (let i = 0; i < 10; i++) map.set(`k${i}`, i);
    expect(map.size).toBe(3);
    expect(map.get('k6')).toBeUndefined();
    expect([map.get('k7'), map.get('k8'), map.get('k9')]).toEqual([7, 8, 9]);
  });

  it('a re-set key counts as newest, and expired entries are pruned on write', () => {
    const time = clock();
    const map = new BoundedExpiringMap<string>({ maxEntries: 2, ttlMs: 100, now: time.now });
    map.set('a', '1');
    map.set('b', '2');
    map.set('a', '1 again');
    map.set('c', '3');
    expect(map.get('b')).toBeUndefined();
    expect(map.get('a')).toBe('1 again');
    time.advance(200);
    map.set('d', '4');
    expect(map.size).toBe(1);
  });

  it('refuses a zero capacity', () => {
    expect(() => new BoundedExpiringMap({ maxEntries: 0, ttlMs: 1 })).toThrow(RangeError);
  });
});
