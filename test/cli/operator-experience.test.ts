// The CLI as operators script it: --json errors are JSON, an unreachable Redis is exit 78, no runtime warning in output.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_TEST_KEYS } from '../support/keys-dir.ts';
import { freePort } from '../support/free-port.ts';
import { cli } from './support/registration.ts';

let clientsDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  clientsDir = await mkdtemp(join(tmpdir(), 'kontekst-cli-ops-'));
  env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', CLIENTS_DIR: clientsDir, KEYS_DIR: SHARED_TEST_KEYS };
});
afterAll(() => rm(clientsDir, { recursive: true, force: true }));

function jsonError(stderr: string): { message: string; exitCode: number } {
  return (JSON.parse(stderr) as { error: { message: string; exitCode: number } }).error;
}

describe('--json', () => {
  it('reports a refused command as one JSON document on stderr, nothing on stdout', async () => {
    const result = await cli(env, '--json', 'clients', 'show', 'no-such-client');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(jsonError(result.stderr)).toEqual({ message: expect.stringContaining('no-such-client'), exitCode: 1 });
  });

  it('reports bad input (a validation error or an unknown option) as JSON with exit 2', async () => {
    const invalid = await cli(env, '--json', 'clients', 'create', '--redirect-uri', 'nope');
    expect(invalid.code).toBe(2);
    expect(jsonError(invalid.stderr).message).toMatch(/--redirect-uri: must be an absolute URL/);
    const unknown = await cli(env, '--json', 'clients', 'list', '--frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(jsonError(unknown.stderr)).toEqual({ message: expect.stringContaining('--frobnicate'), exitCode: 2 });
  });

  it('reports bad configuration as JSON with exit 78', async () => {
    const result = await cli({ ...env, REDIS_KEY_PREFIX: 'has space' }, '--json', 'clients', 'list');
    expect(result.code).toBe(78);
    expect(jsonError(result.stderr).message).toMatch(/REDIS_KEY_PREFIX/);
  });
});

describe('an unreachable Redis', () => {
  it('is exit 78 like a bad configuration, with a sentence that names the settings', async () => {
    const closedPort = await freePort();
    const result = await cli({ ...env, REDIS_URL: `redis://127.0.0.1:${closedPort}`, REDIS_CONNECT_TIMEOUT_MS: '300' }, 'clients', 'list');
    expect(result.code).toBe(78);
    expect(result.stderr).toBe('kontekst: Redis (REDIS_URL / REDIS_CLUSTER_NODES / REDIS_SENTINELS) does not answer\n');
  });
});

describe('bin/kontekst.js on Node 20', () => {
  it("keeps oidc-provider's Unsupported runtime warning out of the CLI's output", () => {
    const run = spawnSync(process.execPath, ['bin/kontekst.js', '--json', 'clients', 'list'], {
      env: { ...process.env, ...env, NODE_ENV: 'development' }, encoding: 'utf8', timeout: 30_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
    expect(run.stderr).not.toMatch(/Unsupported runtime/);
  });
});
