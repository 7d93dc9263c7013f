// A CLI import killed half-way on Redis (SIGKILL, no chance to clean up) leaves whole batches only; resuming it by its key ends as an uninterrupted import.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured, type CliResult } from '../../cli/support/run-cli.ts';
import { loadConfig } from '../../../src/config/index.ts';
import { CliRuntime } from '../../../src/cli/runtime.ts';
import { DEMO_WORLD_FILE } from '../../directory/demo-fixtures.ts';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server.ts';
import { TOEMRER } from '../support.ts';
import { manySignatures, nemidCsv } from './fixtures.ts';

const ROWS = 3000;
const MAIN = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));

let redisServer: RedisServerHandle;
let runtime: CliRuntime;
let dir: string;
let file: string;
const env = () => ({ REDIS_URL: redisServer.url, LOG_LEVEL: 'silent' });

function cli(...argv: string[]): Promise<CliResult> {
  return runCliCaptured(argv, env());
}

beforeAll(async () => {
  redisServer = await startRedisServer();
  dir = await mkdtemp(join(tmpdir(), 'kontekst-import-kill-'));
  file = join(dir, 'signatures.csv');
  await writeFile(file, nemidCsv(manySignatures(ROWS)));
  const seeded = await cli('directory', 'import', DEMO_WORLD_FILE);
  expect(seeded.code, seeded.err).toBe(0);
  runtime = new CliRuntime(loadConfig(env()));
});
afterAll(async () => {
  await runtime?.close();
  await redisServer?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('an import killed half-way', () => {
  it('keeps only whole batches, and the same key resumes it to the full result', async () => {
    const directory = (await runtime.storage()).directory;
    // The test file's RIDs are 90001…; the demo world's are longer.
    const importedCount = async () => (await directory.userRecordsOf(TOEMRER)).filter((user) => /^9\d{4}$/.test(user.rid ?? '')).length;
    const args = ['import', 'nemid', file, '--cvr', TOEMRER, '--batch-size', '25', '--idempotency-key', 'migration-1'];
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env: { ...process.env, ...env() }, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    let seen = 0;
    for (let waited = 0; seen === 0 && waited < 60_000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = await importedCount();
    }
    child.kill('SIGKILL');
    await exited;
    const halfway = await importedCount();
    expect(halfway).toBeGreaterThan(0);
    expect(halfway).toBeLessThan(ROWS);
    expect(halfway % 25).toBe(0); // whole batches only: no row half-written

    const resumed = await cli('--json', ...args);
    expect(resumed.code, resumed.err).toBe(0);
    const job = JSON.parse(resumed.out);
    expect(job).toMatchObject({ state: 'completed', planned: { create: ROWS }, written: { created: ROWS, updated: 0 } });
    const users = (await directory.userRecordsOf(TOEMRER)).filter((user) => /^9\d{4}$/.test(user.rid ?? ''));
    expect(users).toHaveLength(ROWS);
    expect(new Set(users.map((user) => user.rid)).size).toBe(ROWS);
    expect(users.every((user) => user.state === 'imported')).toBe(true);

    const again = await cli('--json', 'import', 'nemid', file, '--cvr', TOEMRER);
    expect(JSON.parse(again.out)).toMatchObject({ planned: { unchanged: ROWS }, written: { created: 0, updated: 0 } });
  }, 120_000);
});
