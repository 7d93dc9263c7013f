// A process dying half-way through a revocation job: the next process finishes it, and each relying party hears exactly once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type Provider from 'oidc-provider';
import type { RunningKontekst } from '../support/kontekst.ts';
import { Person, type TestRp } from '../support/journey.ts';
import type { BackchannelReceiver } from '../support/backchannel-receiver.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { newRevocationJob, RevocationService, type RevocationQueue } from '../../src/oidc/revocation/index.ts';
import { SessionEnder, type FoundSessions } from '../../src/oidc/revocation/session-ender.ts';
import { logIn } from '../conformance/logout-support.ts';
import {
  BUSINESS_USERS,
  expectLogoutTokenFor,
  expectRefusedEverywhere,
  startRevocationWorld,
  type RevocationWorld,
} from '../conformance/revocation-support.ts';

const SCOPE = { scope: 'openid professional offline_access', prompt: 'consent' };
const TARGET = [{ type: 'professional' as const, businessUserUuid: BUSINESS_USERS.nrJensAtRevision }];

class Crash extends Error {}

/** Ends sessions, then "the process dies" before any logout token is sent. */
class EnderDyingAfterEnd extends SessionEnder {
  override async end(found: FoundSessions): Promise<number> {
    await super.end(found);
    throw new Crash('process died after ending the sessions');
  }
}

/** Stores the owed deliveries, then "the process dies" before any session ends. */
function queueDyingAfterFirstSave(queue: RevocationQueue): RevocationQueue {
  let saves = 0;
  return {
    enqueue: (job) => queue.enqueue(job),
    claim: (leaseMs, jobId) => queue.claim(leaseMs, jobId),
    complete: (jobId) => queue.complete(jobId),
    size: () => queue.size(),
    save: async (job, dueInMs) => {
      await queue.save(job, dueInMs);
      saves += 1;
      if (saves === 1) throw new Crash("process died after recording the job's deliveries");
    },
  };
}

let world: RevocationWorld;
let kontekst: RunningKontekst;
let receiver: BackchannelReceiver;
let rpA: TestRp;
let rpB: TestRp;

beforeAll(async () => {
  world = await startRevocationWorld(['hw-rp-a', 'hw-rp-b']);
  ({ kontekst, receiver } = world);
  [rpA, rpB] = [world.rps['hw-rp-a']!, world.rps['hw-rp-b']!];
  // This file's services take the jobs; the instance's own worker stays out of the way.
  await kontekst.kontekst.revocation.stop();
});
afterAll(() => world?.close());
beforeEach(() => receiver.clear());

function service(options: { queue?: RevocationQueue; ender?: SessionEnder; leaseMs?: number } = {}): RevocationService {
  const { provider, storage } = kontekst.kontekst;
  return new RevocationService({
    queue: options.queue ?? storage.revocationQueue,
    ender: options.ender ?? new SessionEnder(provider as Provider, storage.holders),
    logger: silentLogger(),
    leaseMs: options.leaseMs ?? 100,
  });
}

async function loggedIn() {
  const person = new Person(kontekst.url);
  return { atA: await logIn(person, rpA, 'nr-jens', { params: SCOPE }), atB: await logIn(person, rpB, 'nr-jens', { params: SCOPE }) };
}

async function crashThenFinish(crashing: RevocationService): Promise<void> {
  const job = newRevocationJob(TARGET);
  await kontekst.kontekst.storage.revocationQueue.enqueue(job, 100);
  await expect(crashing.runJob(job)).rejects.toBeInstanceOf(Crash);
  expect(receiver.received).toHaveLength(0);
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect(await service().drain()).toBe(1);
  expect(await kontekst.kontekst.storage.revocationQueue.size()).toBe(0);
}

describe('a revocation job interrupted half-way', () => {
  it('after the owed logout tokens were recorded, before any session ended: the next process ends them and tells each RP once', async () => {
    const { atA, atB } = await loggedIn();
    await crashThenFinish(service({ queue: queueDyingAfterFirstSave(kontekst.kontekst.storage.revocationQueue) }));
    expect(receiver.received).toHaveLength(2);
    await expectLogoutTokenFor(receiver.for('hw-rp-a')[0], rpA, atA);
    await expectLogoutTokenFor(receiver.for('hw-rp-b')[0], rpB, atB);
    await expectRefusedEverywhere(rpA, atA);
    await expectRefusedEverywhere(rpB, atB);
  });

  it('after the sessions ended, before any logout token was sent: the next process still tells every RP, from the job', async () => {
    const { atA, atB } = await loggedIn();
    const { provider, storage } = kontekst.kontekst;
    await crashThenFinish(service({ ender: new EnderDyingAfterEnd(provider as Provider, storage.holders) }));
    expect(receiver.received).toHaveLength(2);
    await expectLogoutTokenFor(receiver.for('hw-rp-a')[0], rpA, atA);
    await expectLogoutTokenFor(receiver.for('hw-rp-b')[0], rpB, atB);
    await expectRefusedEverywhere(rpA, atA);
  });
});
