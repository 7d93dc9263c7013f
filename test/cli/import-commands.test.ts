// `kontekst import …` and `kontekst activate …` on Redis: a refused file is explained row by row and writes nothing; usage errors exit 2.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured, type CliResult } from './support/run-cli.ts';
import { CliRuntime } from '../../src/cli/runtime.ts';
import { loadConfig } from '../../src/config/index.ts';
import { DEMO_WORLD_FILE } from '../directory/demo-fixtures.ts';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.ts';
import { nemidCsv } from '../admin/import/fixtures.ts';

const TOEMRER = '12345674';
let redisServer: RedisServerHandle;
let runtime: CliRuntime;
let dir: string;
const env = () => ({ REDIS_URL: redisServer.url, LOG_LEVEL: 'silent' });

function cli(...argv: string[]): Promise<CliResult> {
  return runCliCaptured(argv, env());
}

beforeAll(async () => {
  redisServer = await startRedisServer();
  dir = await mkdtemp(join(tmpdir(), 'kontekst-import-cli-'));
  expect((await cli('directory', 'import', DEMO_WORLD_FILE)).code).toBe(0);
  runtime = new CliRuntime(loadConfig(env()));
});
afterAll(async () => {
  await runtime?.close();
  await redisServer?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('kontekst import / activate', () => {
  it('explains a refused file row by row, exits 1 and writes nothing — dry run or not', async () => {
    const file = join(dir, 'bad.csv');
    await writeFile(
      file,
      nemidCsv([
        { rid: '70001', givenName: 'Ole', familyName: 'Hansen', email: 'ole@toemrer.example', cpr: '010180-1234' },
        { rid: '70002', givenName: 'Bente', familyName: 'Berg', email: 'not-an-email', birthDate: '1975-05-17' },
      ]),
    );
    const directory = (await runtime.storage()).directory;
    const before = { users: await directory.userRecordsOf(TOEMRER), audit: await directory.auditHead(`org:${TOEMRER}`) };
    for (const extra of [['--dry-run'], []]) {
      const result = await cli('import', 'nemid', file, '--cvr', TOEMRER, ...extra);
      expect(result.code).toBe(1);
      expect(result.err).toContain('2 row(s): 1 accepted');
      expect(result.err).toMatch(/Row 3: .*e-mail/i);
      expect(result.err).toContain('Nothing can be imported until the file is fixed.');
      expect(result.err).not.toContain('0101801234');
    }
    expect({ users: await directory.userRecordsOf(TOEMRER), audit: await directory.auditHead(`org:${TOEMRER}`) }).toEqual(before);
  });

  it('refuses bad options as usage errors (exit 2) and a missing file clearly', async () => {
    expect((await cli('import', 'nemid', join(dir, 'none.csv'), '--cvr', TOEMRER)).err).toContain('cannot read');
    expect((await cli('import', 'nemid', join(dir, 'none.csv'), '--cvr', '12345678')).code).toBe(2);
    expect((await cli('activate', '--cvr', TOEMRER)).code).toBe(2);
    const means = await cli('activate', '--cvr', TOEMRER, '--imported', '--means', 'teleport');
    expect(means.code).toBe(2);
    expect(means.err).toContain('--means');
  });
});
