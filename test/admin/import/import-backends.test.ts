// The import job on every directory backend (memory, Redis, Redis Cluster): batches, job record, replay and re-run behave alike.
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/admin/context.ts';
import { createAdminService } from '../../../src/admin/service.ts';
import { LiveDirectory } from '../../../src/directory/live-directory.ts';
import { MemoryRecordStore } from '../../../src/directory/memory-record-store.ts';
import { RedisRecordStore } from '../../../src/directory/redis-record-store.ts';
import type { RecordStore } from '../../../src/directory/record-store.ts';
import { seedWorld, TEST_INDEX_SECRET } from '../../directory/support.ts';
import { uniquePrefix, useRedis, type RedisKind } from '../../store/redis-backends.ts';
import { TOEMRER } from '../support.ts';
import { asSource, manySignatures, nemidCsv } from './fixtures.ts';

const OPERATOR: Principal = { kind: 'operator', clientId: 'test-operator' };
const FILE = nemidCsv(manySignatures(30));

function importJobSuite(store: () => RecordStore) {
  it('commits in batches, keeps the job with the users, replays by key, and a re-run writes no user', async () => {
    const directory = new LiveDirectory(store(), TEST_INDEX_SECRET);
    await seedWorld(directory);
    const service = createAdminService({ directory, publicUrl: 'http://localhost:3000' });
    const input = { kind: 'nemid' as const, open: asSource(FILE), batchSize: 7, idempotencyKey: 'backend' };
    const job = await service.commitImportFile(OPERATOR, TOEMRER, input);
    expect(job).toMatchObject({ state: 'completed', written: { created: 30, updated: 0, batches: 5 } });
    expect(await service.readImportJob(OPERATOR, TOEMRER, job.id)).toEqual(job);
    expect(await service.commitImportFile(OPERATOR, TOEMRER, input)).toEqual(job);
    const users = await directory.userRecordsOf(TOEMRER);
    const rerun = await service.commitImportFile(OPERATOR, TOEMRER, { kind: 'nemid', open: asSource(FILE) });
    expect(rerun.written).toMatchObject({ created: 0, updated: 0, batches: 0 });
    expect(await directory.userRecordsOf(TOEMRER)).toEqual(users);
    const audit = await directory.auditEvents(`org:${TOEMRER}`, 0, 10_000);
    expect(audit.filter((event) => event.action === 'users.import')).toHaveLength(5);
  });
}

describe('import job on the memory directory', () => importJobSuite(() => new MemoryRecordStore()));

for (const kind of ['single', 'cluster'] as RedisKind[]) {
  describe(`import job on Redis (${kind})`, () => {
    const redis = useRedis(kind);
    importJobSuite(() => new RedisRecordStore(redis(), uniquePrefix()));
  });
}
