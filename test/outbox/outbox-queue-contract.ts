// One contract for every outbox queue (memory, Redis, Redis Cluster): claim with lease, mark, retry, give up, take over.
import { expect, it } from 'vitest';
import type { OutboxQueue } from '../../src/outbox/source.ts';
import { messageOf } from './fixtures.ts';

/** A clock the test moves by hand, so lease expiry needs no sleeping. */
export class ManualClock {
  constructor(public time = 1_800_000_000_000) {}
  now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

export function outboxQueueContract(
  makeQueue: (clock: ManualClock) => OutboxQueue,
  makeSecondView?: (first: OutboxQueue, clock: ManualClock) => OutboxQueue,
): void {
  const lease = { limit: 10, leaseMs: 30_000 };

  it('claims an enqueued message once, with its content intact, and forgets it when delivered', async () => {
    const clock = new ManualClock();
    const queue = makeQueue(clock);
    const message = messageOf('activation_link');
    await queue.enqueue(message);
    const [claim, ...rest] = await queue.claim(lease);
    expect(rest).toEqual([]);
    expect(claim!.message).toEqual(message);
    expect(claim!.attempt).toBe(1);
    expect(await queue.claim(lease)).toEqual([]);
    expect(await queue.markDelivered(claim!)).toBe(true);
    clock.advance(lease.leaseMs + 1);
    expect(await queue.claim(lease)).toEqual([]);
  });

  it('keeps one copy when the same message is enqueued twice', async () => {
    const queue = makeQueue(new ManualClock());
    const message = messageOf('role_granted');
    await queue.enqueue(message);
    await queue.enqueue(message);
    expect(await queue.claim(lease)).toHaveLength(1);
  });

  it('hands an abandoned claim to the next claimer once the lease runs out; the first holder can no longer mark it', async () => {
    const clock = new ManualClock();
    const queue = makeQueue(clock);
    const message = messageOf('setup_link');
    await queue.enqueue(message);
    const [abandoned] = await queue.claim(lease);
    clock.advance(lease.leaseMs - 1);
    expect(await queue.claim(lease)).toEqual([]);
    clock.advance(2);
    const [takenOver] = await queue.claim(lease);
    expect(takenOver!.message.id).toBe(message.id);
    expect(takenOver!.attempt).toBe(2);
    expect(takenOver!.lease).not.toBe(abandoned!.lease);
    expect(await queue.markDelivered(abandoned!)).toBe(false);
    expect(await queue.markFailed(abandoned!, { retryInMs: 0 })).toBe(false);
    expect(await queue.markDelivered(takenOver!)).toBe(true);
  });

  it('makes a failed message due again after the retry delay, not before', async () => {
    const clock = new ManualClock();
    const queue = makeQueue(clock);
    await queue.enqueue(messageOf('means_blocked'));
    const [first] = await queue.claim(lease);
    expect(await queue.markFailed(first!, { retryInMs: 5_000 })).toBe(true);
    clock.advance(4_999);
    expect(await queue.claim(lease)).toEqual([]);
    clock.advance(1);
    const [second] = await queue.claim(lease);
    expect(second!.attempt).toBe(2);
  });

  it('does not count a claim marked as not attempted (no transport) as an attempt', async () => {
    const clock = new ManualClock();
    const queue = makeQueue(clock);
    await queue.enqueue(messageOf('role_granted'));
    for (let round = 0; round < 3; round += 1) {
      const [claim] = await queue.claim(lease);
      expect(claim!.attempt).toBe(1);
      expect(await queue.markFailed(claim!, { retryInMs: 10, notAttempted: true })).toBe(true);
      clock.advance(10);
    }
    const [real] = await queue.claim(lease);
    await queue.markFailed(real!, { retryInMs: 10 });
    clock.advance(10);
    expect((await queue.claim(lease))[0]!.attempt).toBe(2);
  });

  it('parks a message given up on as dead, out of the due set but kept', async () => {
    const clock = new ManualClock();
    const queue = makeQueue(clock);
    const message = messageOf('user_deactivated', 'en');
    await queue.enqueue(message);
    const [claim] = await queue.claim(lease);
    expect(await queue.markFailed(claim!, { giveUp: true })).toBe(true);
    clock.advance(24 * 3600_000);
    expect(await queue.claim(lease)).toEqual([]);
    expect(await queue.dead()).toEqual([message]);
  });

  it('claims oldest first and at most the limit', async () => {
    const clock = new ManualClock();
    const queue = makeQueue(clock);
    const messages = [messageOf('role_granted'), messageOf('role_removed'), messageOf('sms_verification_code')];
    for (const message of messages) {
      await queue.enqueue(message);
      clock.advance(1);
    }
    const firstTwo = await queue.claim({ limit: 2, leaseMs: 1000 });
    expect(firstTwo.map((claim) => claim.message.id)).toEqual(messages.slice(0, 2).map((message) => message.id));
    expect((await queue.claim({ limit: 2, leaseMs: 1000 })).map((claim) => claim.message.id)).toEqual([messages[2]!.id]);
  });

  it('refuses an invalid message and stores nothing', async () => {
    const queue = makeQueue(new ManualClock());
    const bad = { ...messageOf('activation_link'), recipient: { channel: 'email', address: 'a@example.dk', name: 'CPR 010180-1234' } };
    await expect(queue.enqueue(bad as never)).rejects.toThrow(/recipient\.name/);
    await expect(queue.enqueue(bad as never)).rejects.not.toThrow(/010180/);
    expect(await queue.claim(lease)).toEqual([]);
  });

  if (makeSecondView) {
    it('never hands one message to two concurrent claimers (two connections)', async () => {
      const clock = new ManualClock();
      const first = makeQueue(clock);
      const second = makeSecondView(first, clock);
      const messages = Array.from({ length: 40 }, () => messageOf('activation_link'));
      for (const message of messages) await first.enqueue(message);
      const rounds = await Promise.all(
        Array.from({ length: 8 }, (_, index) => (index % 2 ? first : second).claim({ limit: 7, leaseMs: 60_000 })),
      );
      const ids = rounds.flat().map((claim) => claim.message.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(messages.map((message) => message.id).sort());
    });
  }
}
