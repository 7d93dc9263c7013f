// The directory repository on the in-memory record store: the shared contract, and the demo world seeded through the service.
import { describe, expect, it } from 'vitest';
import { MemoryRecordStore } from '../../src/directory/memory-record-store.ts';
import { describeDirectoryRepositoryContract } from './repository-contract.ts';
import { demoDirectory } from './support.ts';

describeDirectoryRepositoryContract('MemoryRecordStore', async () => new MemoryRecordStore());

describe('the demo world in memory', () => {
  it("finds Jens Hansen's two business users by his CPR, and keeps no CPR in clear", async () => {
    const directory = await demoDirectory();
    const jens = await directory.findBusinessUsersByPersonCpr('1505801234');
    expect(jens.map((user) => user.cvr).sort()).toEqual(['12345674', '34567891']);
    const records = await directory.userRecordsOf('12345674');
    expect(JSON.stringify(records)).not.toContain('1505801234');
    expect(records[0]?.identity).toMatchObject({ kind: 'cpr', cprMasked: '150580-XXXX' });
  });
});
