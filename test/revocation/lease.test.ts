// A job that takes longer than one lease stays its process's: no second process sends the logout tokens again.
import type Provider from 'oidc-provider';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/observability/logger.ts';
import type { HolderIndex } from '../../src/oidc/adapters/adapter-model.ts';
import { newRevocationJob, type RevocationJob } from '../../src/oidc/revocation/job.ts';
import { MemoryRevocationQueue } from '../../src/oidc/revocation/memory-queue.ts';
import type { PendingDelivery } from '../../src/oidc/revocation/job.ts';
import { RevocationService } from '../../src/oidc/revocation/revocation-service.ts';
import { SessionEnder, type FoundSessions } from '../../src/oidc/revocation/session-ender.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One session with one relying party whose endpoint answers slowly; every delivery is recorded. */
class SlowRelyingParty extends SessionEnder {
  readonly delivered: string[] = [];

  constructor() {
    super(undefined as unknown as Provider, undefined as unknown as HolderIndex);
  }

  override async find(): Promise<FoundSessions> {
    return { sessions: [], grantIds: [] };
  }

  override async deliveriesFor(_found: FoundSessions, now: number): Promise<PendingDelivery[]> {
    return [{ clientId: 'slow-rp', accountId: 'professional.mitid.x', sid: 'sid-1', attempts: 0, nextAttemptAt: now }];
  }

  override async end(): Promise<number> {
    return 1;
  }

  override async deliver(delivery: PendingDelivery): Promise<boolean> {
    await sleep(400);
    this.delivered.push(delivery.sid);
    return true;
  }
}

describe('revocation job lease', () => {
  it('is renewed while the job runs: another process polling meanwhile finds nothing to take over', async () => {
    const queue = new MemoryRevocationQueue();
    const ender = new SlowRelyingParty();
    const make = () => new RevocationService({ queue, ender, logger: silentLogger(), leaseMs: 100 });
    const job: RevocationJob = newRevocationJob([{ type: 'professional', businessUserUuid: 'dd4ae5da-30aa-48d4-b816-e6275e03d22d' }]);
    await queue.enqueue(job, 100);

    const running = make().runJob(job);
    const other = make();
    let takenOver = 0;
    for (let poll = 0; poll < 8; poll += 1) {
      await sleep(50);
      takenOver += await other.drain();
    }
    expect(await running).toEqual({ sessionsEnded: 1, relyingPartiesNotified: 1, relyingPartiesRetrying: 0 });
    expect(takenOver).toBe(0);
    expect(ender.delivered).toEqual(['sid-1']);
    // Completed: the last renewal did not bring it back.
    await sleep(150);
    expect(await queue.size()).toBe(0);
  });
});
