// The revocation job queue contract: one suite, registered per implementation (memory, Redis, Cluster).
import { expect, it } from 'vitest';
import { newRevocationJob } from '../../src/oidc/revocation/job.ts';
import type { RevocationQueue } from '../../src/oidc/revocation/queue.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const job = () => newRevocationJob([{ type: 'professional', businessUserUuid: '3240a090-fde3-4e45-8018-edbecd0706b7' }]);

export function revocationQueueContract(makeQueue: () => RevocationQueue): void {
  it('hands a stored job to one claimer, and to another once the lease ran out', async () => {
    const queue = makeQueue();
    const stored = job();
    await queue.enqueue(stored);
    expect(await queue.size()).toBe(1);
    expect(await queue.claim(150)).toEqual(stored);
    expect(await queue.claim(150)).toBeUndefined();
    await sleep(250);
    expect(await queue.claim(150)).toEqual(stored);
  });

  it('stores a job leased to its creator: no one else claims it before the lease ends', async () => {
    const queue = makeQueue();
    const stored = job();
    await queue.enqueue(stored, 150);
    expect(await queue.claim(10_000)).toBeUndefined();
    await sleep(250);
    expect(await queue.claim(10_000)).toEqual(stored);
  });

  it('keeps one job per id: storing the same id again (a relayed revocation) keeps the stored progress and due time', async () => {
    const queue = makeQueue();
    const stored = job();
    await queue.enqueue(stored);
    const claimed = (await queue.claim(10_000))!;
    const progressed = { ...claimed, deliveries: [{ clientId: 'rp', accountId: 'a', sid: 's', attempts: 1, nextAttemptAt: 1 }] };
    await queue.save(progressed, 10_000);
    await queue.enqueue({ ...stored, deliveries: [] });
    expect(await queue.size()).toBe(1);
    // Still leased (not due again at once) and still carrying its progress.
    expect(await queue.claim(10_000)).toBeUndefined();
    await queue.save(progressed, 0);
    expect(await queue.claim(10_000)).toEqual(progressed);
  });

  it('of many concurrent claims exactly one gets the job', async () => {
    const queue = makeQueue();
    await queue.enqueue(job());
    const claims = await Promise.all(Array.from({ length: 10 }, () => queue.claim(10_000)));
    expect(claims.filter((claimed) => claimed !== undefined)).toHaveLength(1);
  });

  it('claims a named job only when it is due', async () => {
    const queue = makeQueue();
    const first = job();
    const second = job();
    await queue.enqueue(first);
    await queue.enqueue(second);
    expect((await queue.claim(10_000, second.id))?.id).toBe(second.id);
    expect(await queue.claim(10_000, second.id)).toBeUndefined();
    expect(await queue.claim(10_000, 'no-such-job')).toBeUndefined();
    expect((await queue.claim(10_000))?.id).toBe(first.id);
  });

  it('keeps saved progress and makes the job due after the given delay', async () => {
    const queue = makeQueue();
    const stored = job();
    await queue.enqueue(stored);
    await queue.claim(10_000);
    const progressed = {
      ...stored,
      deliveries: [{ clientId: 'rp', accountId: 'professional.mitid.x', sid: 's', attempts: 1, nextAttemptAt: 5 }],
    };
    await queue.save(progressed, 150);
    expect(await queue.claim(10_000)).toBeUndefined();
    await sleep(250);
    expect(await queue.claim(10_000)).toEqual(progressed);
  });

  it('forgets a completed job', async () => {
    const queue = makeQueue();
    const stored = job();
    await queue.enqueue(stored);
    await queue.claim(1);
    await queue.complete(stored.id);
    await sleep(20);
    expect(await queue.claim(1)).toBeUndefined();
    expect(await queue.size()).toBe(0);
  });
}
