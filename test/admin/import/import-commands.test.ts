// The import and mass-activation commands of the admin service: dry run, commit as a job, re-run, resume, refusal, mass activation.
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/admin/context.ts';
import { AdminError } from '../../../src/admin/errors.ts';
import { createAdminService } from '../../../src/admin/service.ts';
import type { LiveDirectory } from '../../../src/directory/live-directory.ts';
import type { DirectoryRepository } from '../../../src/directory/repository.ts';
import { demoDirectory } from '../../directory/support.ts';
import { TOEMRER, HAVNEN, KAREN_HAVNEN } from '../support.ts';
import { asSource, manySignatures, nemidCsv } from './fixtures.ts';

const OPERATOR: Principal = { kind: 'operator', clientId: 'test-operator' };
const TODAY = new Date('2026-11-30T12:00:00Z');

const SIGNATURES = nemidCsv([
  {
    rid: '70001',
    givenName: 'Ole',
    familyName: 'Hansen',
    email: 'ole@toemrer.example',
    cpr: '010180-1234',
    roles: 'Brugeradministrator',
    rights: 'urn:dk:digitalpost:privilege:read',
  },
  // One person, two signatures: two business users, each with its own RID.
  { rid: '70002', givenName: 'Ole', familyName: 'Hansen', email: 'ole.lager@toemrer.example', cpr: '010180-1234' },
  { rid: '70003', givenName: 'Bente', familyName: 'Berg', email: 'bente@toemrer.example', birthDate: '1975-05-17' },
]);

function serviceOver(directory: DirectoryRepository) {
  return createAdminService({ directory, publicUrl: 'http://localhost:3000' });
}

async function snapshot(directory: LiveDirectory, cvr: string) {
  return {
    users: await directory.userRecordsOf(cvr),
    audit: await directory.auditHead(`org:${cvr}`),
    outbox: await directory.outboxMessages(`org:${cvr}`),
  };
}

/** The users the test files import (their RIDs start with 7 or 9; the demo world's do not). */
const imported = async (directory: LiveDirectory) =>
  (await directory.userRecordsOf(TOEMRER)).filter((user) => /^[79]\d{4}$/.test(user.rid ?? ''));

describe('import commands', () => {
  it('a dry run reports per row and writes nothing', async () => {
    const directory = await demoDirectory();
    const before = await snapshot(directory, TOEMRER);
    const report = await serviceOver(directory).dryRunImportFile(OPERATOR, TOEMRER, {
      kind: 'nemid',
      open: asSource(SIGNATURES),
      today: TODAY,
    });
    expect(report.totals).toMatchObject({ rows: 3, accepted: 3, create: 3 });
    expect(report.committable).toBe(true);
    expect(await snapshot(directory, TOEMRER)).toEqual(before);
  });

  it('commits imported users with RID, roles and rights; a re-run changes nothing; a changed row updates its user', async () => {
    const directory = await demoDirectory();
    const service = serviceOver(directory);
    const job = await service.commitImportFile(OPERATOR, TOEMRER, { kind: 'nemid', open: asSource(SIGNATURES), today: TODAY });
    expect(job).toMatchObject({ state: 'completed', progress: 1, written: { created: 3, updated: 0 } });
    const users = await imported(directory);
    expect(users.map((user) => user.rid).sort()).toEqual(['70001', '70002', '70003']);
    expect(users.every((user) => user.state === 'imported')).toBe(true);
    const ole = users.find((user) => user.rid === '70001')!;
    expect(ole.roles).toEqual(['user_administrator']);
    expect(ole.rights).toEqual(['urn:dk:digitalpost:privilege:read']);
    const second = users.find((user) => user.rid === '70002')!;
    expect(second.uuid).not.toBe(ole.uuid);
    expect(second.identity).toEqual(ole.identity);
    expect(await service.readImportJob(OPERATOR, TOEMRER, job.id)).toEqual(job);

    const afterFirst = await snapshot(directory, TOEMRER);
    const rerun = await service.commitImportFile(OPERATOR, TOEMRER, { kind: 'nemid', open: asSource(SIGNATURES), today: TODAY });
    expect(rerun.planned).toMatchObject({ unchanged: 3, create: 0, update: 0 });
    expect(rerun.written).toMatchObject({ created: 0, updated: 0 });
    expect(await directory.userRecordsOf(TOEMRER)).toEqual(afterFirst.users);

    const changed = SIGNATURES.replace('bente@toemrer.example', 'bente.berg@toemrer.example');
    const update = await service.commitImportFile(OPERATOR, TOEMRER, { kind: 'nemid', open: asSource(changed), today: TODAY });
    expect(update.written).toMatchObject({ created: 0, updated: 1 });
    const bente = (await imported(directory)).find((user) => user.rid === '70003')!;
    expect(bente).toMatchObject({ email: 'bente.berg@toemrer.example', state: 'imported', version: 2 });
  });

  it('matches new users by external ID on a re-import', async () => {
    const directory = await demoDirectory();
    const service = serviceOver(directory);
    const file = (email: string) => `Medarbejdernummer,Fornavn,Efternavn,E-mail,Fødselsdato\nA-17,Kim,Krog,${email},1990-02-03\n`;
    await service.commitImportFile(OPERATOR, TOEMRER, { kind: 'users', open: asSource(file('kim@toemrer.example')), today: TODAY });
    const job = await service.commitImportFile(OPERATOR, TOEMRER, {
      kind: 'users',
      open: asSource(file('kim.krog@toemrer.example')),
      today: TODAY,
    });
    expect(job.written).toMatchObject({ created: 0, updated: 1 });
    const kim = (await directory.userRecordsOf(TOEMRER)).filter((user) => user.externalId === 'A-17');
    expect(kim).toHaveLength(1);
    expect(kim[0]).toMatchObject({ email: 'kim.krog@toemrer.example', state: 'imported' });
  });

  it('refuses a file with a bad row as a whole: nothing written, the report in the error', async () => {
    const directory = await demoDirectory();
    const before = await snapshot(directory, TOEMRER);
    const bad = SIGNATURES.replace('1975-05-17', '1975-13-45');
    const error = await serviceOver(directory)
      .commitImportFile(OPERATOR, TOEMRER, { kind: 'nemid', open: asSource(bad), today: TODAY })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AdminError);
    expect((error as AdminError).code).toBe('import_refused');
    expect((error as AdminError).detail).toMatchObject({ report: { committable: false, totals: { refused: 1 } } });
    expect(await snapshot(directory, TOEMRER)).toEqual(before);
  });

  it('a job that failed half-way (storage down) is resumed by its key and ends as an uninterrupted one; the key with another file is refused', async () => {
    const file = nemidCsv(manySignatures(25));
    const reference = await demoDirectory();
    await serviceOver(reference).commitImportFile(OPERATOR, TOEMRER, { kind: 'nemid', open: asSource(file), today: TODAY, batchSize: 10 });

    const directory = await demoDirectory();
    let commits = 0;
    const failing = new Proxy(directory, {
      get(target, property, receiver) {
        if (property === 'commit')
          return async (change: Parameters<LiveDirectory['commit']>[0]) => {
            commits += 1;
            if (commits === 3) throw new Error('storage down');
            return target.commit(change);
          };
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const input = { kind: 'nemid' as const, open: asSource(file), today: TODAY, batchSize: 10, idempotencyKey: 'nemid-2026-11' };
    await expect(serviceOver(failing).commitImportFile(OPERATOR, TOEMRER, input)).rejects.toThrow('storage down');
    const service = serviceOver(directory);
    const jobs = (await directory.auditEvents(`org:${TOEMRER}`, 0, 10_000)).filter((event) => event.action === 'users.import.start');
    const halfway = await service.readImportJob(OPERATOR, TOEMRER, jobs.at(-1)!.target.id);
    expect(halfway).toMatchObject({ state: 'running', written: { created: 10, batches: 1 } });
    expect(halfway.progress).toBeCloseTo(10 / 25);

    const resumed = await service.commitImportFile(OPERATOR, TOEMRER, input);
    expect(resumed).toMatchObject({ id: halfway.id, state: 'completed', written: { created: 25, batches: 3 } });
    const shape = async (dir: LiveDirectory) =>
      (await imported(dir)).map(({ uuid: _u, createdAt: _c, updatedAt: _up, ...rest }) => rest).sort((a, b) => (a.rid! < b.rid! ? -1 : 1));
    expect(await shape(directory)).toEqual(await shape(reference));
    // A replay answers the finished job; the same key with another file is refused.
    expect(await service.commitImportFile(OPERATOR, TOEMRER, input)).toEqual(resumed);
    await expect(service.commitImportFile(OPERATOR, TOEMRER, { ...input, open: asSource(SIGNATURES) })).rejects.toMatchObject({
      code: 'idempotency_key_reused',
    });
  });

  it('two imports of the same file into one organisation at once never create a user twice', async () => {
    const directory = await demoDirectory();
    const service = serviceOver(directory);
    const file = nemidCsv(manySignatures(30));
    const runs = await Promise.allSettled(
      [1, 2].map(() => service.commitImportFile(OPERATOR, TOEMRER, { kind: 'nemid', open: asSource(file), today: TODAY, batchSize: 5 })),
    );
    expect(runs.some((run) => run.status === 'fulfilled')).toBe(true);
    for (const run of runs) if (run.status === 'rejected') expect(run.reason).toMatchObject({ code: 'precondition_failed' });
    const rids = (await imported(directory)).map((user) => user.rid);
    expect(new Set(rids).size).toBe(rids.length);
    // Whichever lost finishes by running again: the rows the winner wrote are unchanged.
    await service.commitImportFile(OPERATOR, TOEMRER, { kind: 'nemid', open: asSource(file), today: TODAY });
    expect(await imported(directory)).toHaveLength(30);
  });

  it("another organisation's administrator can neither import into nor read the jobs of this one", async () => {
    const directory = await demoDirectory();
    const karen: Principal = { kind: 'business_user', uuid: KAREN_HAVNEN };
    const service = serviceOver(directory);
    await expect(
      service.dryRunImportFile(karen, TOEMRER, { kind: 'nemid', open: asSource(SIGNATURES), today: TODAY }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/not_found|forbidden/) });
    const job = await service.commitImportFile(OPERATOR, TOEMRER, { kind: 'nemid', open: asSource(SIGNATURES), today: TODAY });
    await expect(service.readImportJob(OPERATOR, HAVNEN, job.id)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('mass activation', () => {
  it('issues an activation to each selected imported user (links through the outbox) with a receipt, once', async () => {
    const directory = await demoDirectory();
    const service = serviceOver(directory);
    await service.commitImportFile(OPERATOR, TOEMRER, { kind: 'nemid', open: asSource(SIGNATURES), today: TODAY });
    const first = (await imported(directory)).find((user) => user.rid === '70001');
    const allowed = (await directory.organisationRecord(TOEMRER))!.settings.allowedMeans;

    const filtered = await service.activateImported(OPERATOR, TOEMRER, { uuids: [first!.uuid], means: [allowed[0]!] });
    expect(filtered).toMatchObject({ selected: 1, activated: 1, linksQueued: 1, skipped: 0 });
    expect(await directory.userRecord(first!.uuid)).toMatchObject({
      state: 'pending_activation',
      chosenMeans: [allowed[0]],
      activation: { state: 'issued' },
    });

    const outboxBefore = (await directory.outboxMessages(`org:${TOEMRER}`)).length;
    const rest = await service.activateImported(OPERATOR, TOEMRER, {});
    expect(rest).toMatchObject({ selected: 2, activated: 2, linksQueued: 2 });
    // The birth-date user confirms with a code, answered once in the receipt.
    expect(rest.users.filter((user) => user.method === 'code').map((user) => user.code)).toEqual([expect.stringMatching(/^\d{8}$/)]);
    const outbox = await directory.outboxMessages(`org:${TOEMRER}`);
    expect(outbox.length - outboxBefore).toBe(2);
    expect(outbox.slice(-2).map((message) => message.kind)).toEqual(['activation_link', 'activation_link']);
    expect((await imported(directory)).every((user) => user.state === 'pending_activation')).toBe(true);
    expect(await service.activateImported(OPERATOR, TOEMRER, {})).toMatchObject({ selected: 0, activated: 0 });
  });

  it('refuses means the organisation does not allow, changing nothing', async () => {
    const directory = await demoDirectory();
    const service = serviceOver(directory);
    await service.commitImportFile(OPERATOR, TOEMRER, { kind: 'nemid', open: asSource(SIGNATURES), today: TODAY });
    // Tømrermester Hansen allows app and code display only.
    const before = await snapshot(directory, TOEMRER);
    await expect(service.activateImported(OPERATOR, TOEMRER, { means: ['chip'] })).rejects.toMatchObject({ code: 'means_not_allowed' });
    expect(await snapshot(directory, TOEMRER)).toEqual(before);
  });
});
