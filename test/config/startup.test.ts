// The real entry point (src/main.ts) stops a bad start with exit 78 naming every bad key or file, and starts on good ones.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED_TEST_KEYS } from '../support/keys-dir.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kontekst-startup-'));
  dirs.push(dir);
  return dir;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `tsx src/main.ts` with the environment given (on a free port, in-memory storage, its own keys): resolves with
 * the exit code when the process stops, or kills it and resolves with code null once it says it is running.
 */
function runMain(env: Record<string, string>): Promise<Run> {
  const keysDir = tempDir();
  cpSync(SHARED_TEST_KEYS, keysDir, { recursive: true });
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'development', PORT: '0', LOG_LEVEL: 'silent', KEYS_DIR: keysDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = { code: null, stdout: '', stderr: '' };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no start and no exit within 30 s: ${run.stderr}`));
    }, 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      run.stdout += chunk.toString();
      if (run.stdout.includes('Kontekst is running')) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ ...run, code: run.stdout.includes('Kontekst is running') ? null : code });
    });
  });
}

describe('start-up configuration errors (spawning src/main.ts)', () => {
  it('starts with a nested UPSTREAM_CLAIM_MAPPING override', async () => {
    const run = await runMain({ UPSTREAM_CLAIM_MAPPING: '{"idpValues":{"mitid":"MitID"}}' });
    expect(run.stderr).not.toMatch(/cannot start|failed to start/);
    expect(run.code).toBeNull();
  }, 40_000);

  it('stops with 78 naming an unknown UPSTREAM_CLAIM_MAPPING key', async () => {
    const run = await runMain({ UPSTREAM_CLAIM_MAPPING: '{"cprr":"x"}' });
    expect(run.code).toBe(78);
    expect(run.stderr).toMatch(/UPSTREAM_CLAIM_MAPPING: invalid upstream claim mapping[\s\S]*"cprr"/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 40_000);

  it('stops with 78 naming a bad resource servers file and, in the same run, a bad client file', async () => {
    const dir = tempDir();
    const resourceServers = join(dir, 'resource-servers.json');
    writeFileSync(resourceServers, JSON.stringify([{ identifier: 'not a uri', scope: 'read' }]));
    const clients = join(dir, 'clients');
    cpSync('config/clients', clients, { recursive: true });
    writeFileSync(join(clients, 'broken.json'), '{ "client_id": ');
    const run = await runMain({ RESOURCE_SERVERS_FILE: resourceServers, CLIENTS_DIR: clients });
    expect(run.code).toBe(78);
    expect(run.stderr).toContain(`${resourceServers}: invalid resource servers`);
    expect(run.stderr).toMatch(/→ at \[0\]\.identifier/);
    expect(run.stderr).toContain(`${join(clients, 'broken.json')}: not valid JSON`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 40_000);

  it('reports every bad variable of one start together', async () => {
    const run = await runMain({ PORT: 'eighty', UPSTREAM_CLAIM_MAPPING: '{"cprr":"x"}', REDIS_URL: 'http://nope' });
    expect(run.code).toBe(78);
    for (const key of ['PORT', 'REDIS_URL', 'cprr']) expect(run.stderr).toContain(key);
  }, 40_000);
});
