// The revocation work an admin change stores with itself: same atomic step, relayed into the revocation queue at least once, counted in the answer.
import { describe, expect, it } from 'vitest';
import { createAdminService, type AdminService } from '../../src/admin/service.ts';
import { relaySessionRevocations } from '../../src/admin/revocation-relay.ts';
import type { SessionTarget, SessionTerminator } from '../../src/admin/ports.ts';
import { LiveDirectory } from '../../src/directory/live-directory.ts';
import { RedisRecordStore } from '../../src/directory/redis-record-store.ts';
import { ADMIN_CONSOLE_CLIENT_ID } from '../../src/domain/admin-api.ts';
import { adminSessionTerminator } from '../../src/oidc/revocation/index.ts';
import { MemoryRevocationQueue } from '../../src/oidc/revocation/memory-queue.ts';
import { uniquePrefix, useRedis } from '../store/redis-backends.ts';
import { memoryDirectory, seedWorld, TEST_INDEX_SECRET } from '../directory/support.ts';
import { JENS_TOEMRER, TOEMRER } from './support.ts';

const JENS = { kind: 'business_user', uuid: JENS_TOEMRER } as const;
const NORDISK = '34567891';
const HAVNEN = '29876541';
const NORDISK_ADMIN = { kind: 'business_user', uuid: 'dd4ae5da-30aa-48d4-b816-e6275e03d22d' } as const;
const SOFIE_NORDISK = '2a8c3fd9-4165-45c9-8b9c-d9d6e5f9ddcc';
const SOFIE_HAVNEN = '9c2bfbff-896a-4847-9d5c-91170ab04933';
const SOFIE_SHARED_MITID = '1117a08b-5a1b-44d6-9e89-71dd2eb5a79c';

/** A port whose process "dies" before any job is stored: the call never reaches the revocation queue. */
const dyingPort: SessionTerminator = {
  endSessionsFor: async () => {
    throw new Error('process killed');
  },
  queueRevocation: async () => {
    throw new Error('process killed');
  },
};

function serviceOn(directory: LiveDirectory, sessions: SessionTerminator): AdminService {
  return createAdminService({ directory, publicUrl: 'http://localhost:3000', sessions });
}

/** A counting port: what the running revocation service would answer, and the targets it was given. */
function countingPort(counts = { sessionsEnded: 3, relyingPartiesNotified: 2 }) {
  const calls: { targets: SessionTarget[]; jobId: string | undefined }[] = [];
  const port: SessionTerminator = {
    endSessionsFor: async (targets, jobId) => (calls.push({ targets: [...targets], jobId }), counts),
    queueRevocation: async () => {},
  };
  return { port, calls };
}

function describeRelay(name: string, makeDirectory: () => Promise<LiveDirectory>) {
  describe(`revocation stored with the change (${name})`, () => {
    it('a process dying after the change: the change and its revocation are stored together; the relay queues it once, as a job with its id', async () => {
      const directory = await makeDirectory();
      // Nordisk's administrator is given user_administrator first (granting a role ends no session: nothing stored).
      await serviceOn(directory, dyingPort).grantRole(NORDISK_ADMIN, NORDISK, NORDISK_ADMIN.uuid, 'user_administrator');
      expect(await directory.sessionRevocations(`org:${NORDISK}`)).toEqual([]);
      const answer = await serviceOn(directory, dyingPort).deactivateUser(NORDISK_ADMIN, NORDISK, SOFIE_NORDISK);
      expect(answer).toMatchObject({ state: 'deactivated', revocation: { sessionsEnded: 0, relyingPartiesNotified: 0 } });

      const stored = await directory.sessionRevocations(`org:${NORDISK}`);
      expect(stored).toHaveLength(1);
      expect(stored[0]!.targets).toEqual([{ businessUserUuid: SOFIE_NORDISK, cvr: NORDISK }]);
      // The e-mails of the same outbox are unaffected: the revocation is not a message to deliver.
      expect((await directory.outboxMessages(`org:${NORDISK}`)).map((message) => message.kind)).toContain('user_deactivated');

      const queue = new MemoryRevocationQueue();
      const survivor = adminSessionTerminator(queue, () => undefined);
      // The relay's process dies after queueing, before forgetting: the next run queues the same job again.
      await expect(
        relaySessionRevocations(directory, {
          queueRevocation: async (...args) => {
            await survivor.queueRevocation(...args);
            throw new Error('killed');
          },
        }),
      ).rejects.toThrow('killed');
      expect(await relaySessionRevocations(directory, survivor)).toBe(1);
      expect(await relaySessionRevocations(directory, survivor)).toBe(0);
      expect(await queue.size()).toBe(1);
      const job = await queue.claim(1_000);
      expect(job).toMatchObject({ id: stored[0]!.id, targets: [{ type: 'professional', businessUserUuid: SOFIE_NORDISK }] });
    });

    it('a refused change stores no revocation', async () => {
      const directory = await makeDirectory();
      // The last organisation administrator cannot be deactivated.
      await expect(serviceOn(directory, countingPort().port).deactivateUser(JENS, TOEMRER, JENS_TOEMRER)).rejects.toThrow();
      expect(await directory.sessionRevocations(`org:${TOEMRER}`)).toEqual([]);
    });
  });
}

describeRelay('memory', async () => {
  const directory = memoryDirectory();
  await seedWorld(directory);
  return directory;
});
describe.each(['single', 'cluster'] as const)('on %s Redis', (kind) => {
  const redis = useRedis(kind);
  describeRelay(`Redis ${kind}`, async () => {
    const directory = new LiveDirectory(new RedisRecordStore(redis(), uniquePrefix()), TEST_INDEX_SECRET);
    await seedWorld(directory);
    return directory;
  });
});

describe('the admin answer and the targets of each trigger', () => {
  async function world() {
    const directory = memoryDirectory();
    await seedWorld(directory);
    const counting = countingPort();
    return { directory, ...counting, service: serviceOn(directory, counting.port) };
  }

  it('answers the counts, names the job by the stored revocation and forgets it once done', async () => {
    const { directory, service, calls } = await world();
    await service.grantRole(NORDISK_ADMIN, NORDISK, NORDISK_ADMIN.uuid, 'user_administrator');
    const answer = await service.deleteUser(NORDISK_ADMIN, NORDISK, SOFIE_NORDISK);
    expect(answer).toMatchObject({ state: 'deleted', revocation: { sessionsEnded: 3, relyingPartiesNotified: 2 } });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.jobId).toEqual(expect.any(String));
    expect(await directory.sessionRevocations(`org:${NORDISK}`)).toEqual([]);
  });

  it('blocking a shared means ends the dedicated-MitID sessions of every business user sharing the user ID', async () => {
    const { service, calls } = await world();
    await service.grantRole(NORDISK_ADMIN, NORDISK, NORDISK_ADMIN.uuid, 'user_administrator');
    await service.blockMeans(NORDISK_ADMIN, NORDISK, SOFIE_NORDISK, SOFIE_SHARED_MITID, 'app');
    expect(calls[0]!.targets).toEqual([
      { businessUserUuid: SOFIE_NORDISK, cvr: NORDISK, via: 'dedicated_mitid' },
      { businessUserUuid: SOFIE_HAVNEN, cvr: HAVNEN, via: 'dedicated_mitid' },
    ]);
  });

  it("removing an administrator role ends only the admin console's part of the sessions", async () => {
    const { service, calls } = await world();
    await service.grantRole(NORDISK_ADMIN, NORDISK, NORDISK_ADMIN.uuid, 'user_administrator');
    expect(calls).toEqual([]);
    const answer = await service.revokeRole(NORDISK_ADMIN, NORDISK, NORDISK_ADMIN.uuid, 'user_administrator');
    expect(answer.revocation).toEqual({ sessionsEnded: 3, relyingPartiesNotified: 2 });
    expect(calls[0]!.targets).toEqual([{ businessUserUuid: NORDISK_ADMIN.uuid, cvr: NORDISK, onlyClient: ADMIN_CONSOLE_CLIENT_ID }]);
  });

  it('disallowing private MitID ends only private-MitID sessions; disallowing a means only dedicated ones; both: every session', async () => {
    const { service, calls } = await world();
    await service.updateSettings(JENS, TOEMRER, { privateMitIdAllowed: false });
    expect(calls.at(-1)!.targets.every((target) => target.via === 'private_mitid')).toBe(true);
    await service.updateSettings(JENS, TOEMRER, { allowedMeans: ['app'] });
    expect(calls.at(-1)!.targets.every((target) => target.via === 'dedicated_mitid')).toBe(true);
    await service.updateSettings(JENS, TOEMRER, { privateMitIdAllowed: true, allowedMeans: ['app', 'chip'] });
    expect(calls).toHaveLength(2);
    await service.updateSettings(JENS, TOEMRER, { privateMitIdAllowed: false, allowedMeans: ['chip'] });
    expect(calls.at(-1)!.targets.every((target) => target.via === undefined)).toBe(true);
  });
});
