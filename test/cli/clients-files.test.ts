// The CLI with in-memory storage: clients become static JSON files in CLIENTS_DIR, loaded by Kontekst at (re)start.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKontekst } from '../support/kontekst.ts';
import { SHARED_TEST_KEYS } from '../support/keys-dir.ts';
import { cli, logIn, refreshWith, rpFor, type Json } from './support/registration.ts';

let clientsDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  clientsDir = await mkdtemp(join(tmpdir(), 'kontekst-cli-files-'));
  env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', CLIENTS_DIR: clientsDir, KEYS_DIR: SHARED_TEST_KEYS };
});
afterAll(() => rm(clientsDir, { recursive: true, force: true }));

describe('kontekst clients (in-memory storage: static files)', () => {
  it('create writes <client_id>.json, says a restart is needed, and the restarted server logs in with it', async () => {
    const created = await cli(
      env,
      'clients',
      'create',
      '--id',
      'file-rp',
      '--name',
      'File RP',
      '--redirect-uri',
      'https://rp.example/callback',
      '--entitlements',
      'cpr,mitid',
      '--first-party',
      '--identity-types',
      'private,professional',
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/restart Kontekst/);
    const secret = /client_secret: (\S+)/.exec(created.stdout)![1]!;
    const file = JSON.parse(await readFile(join(clientsDir, 'file-rp.json'), 'utf8')) as Json;
    expect(file).toMatchObject({ client_id: 'file-rp', client_secret: secret, entitlements: ['cpr', 'mitid'], first_party: true });

    const kontekst = await startKontekst({ env: { CLIENTS_DIR: clientsDir } });
    try {
      const tokens = await logIn(
        kontekst.url,
        await rpFor(kontekst.url, 'file-rp', secret, 'https://rp.example/callback'),
        'openid cpr offline_access',
      );
      // The operator granted cpr: the private context releases it to this client.
      expect(tokens.claims()!['dk.cpr']).toMatch(/^\d{10}$/);

      // rotate-secret rewrites the file; this process keeps the old secret until it restarts.
      const rotated = await cli(env, '--json', 'clients', 'rotate-secret', 'file-rp');
      expect(rotated.code, rotated.stderr).toBe(0);
      expect(rotated.json['live']).toBe(false);
      expect((await refreshWith(kontekst.url, 'file-rp', secret, tokens.refresh_token!)).status).toBe(200);
      await kontekst.close();
      const restarted = await startKontekst({ env: { CLIENTS_DIR: clientsDir } });
      try {
        const fresh = await refreshWith(restarted.url, 'file-rp', secret, tokens.refresh_token!);
        expect(fresh.body['error']).toBe('invalid_client');
        const viaNew = await logIn(
          restarted.url,
          await rpFor(restarted.url, 'file-rp', String(rotated.json['client_secret']), 'https://rp.example/callback'),
          'openid',
        );
        expect(viaNew.claims()!['aud']).toBe('file-rp');
      } finally {
        await restarted.close();
      }
    } finally {
      await kontekst.close().catch(() => {});
    }
  });

  it('show masks the secret unless asked; update changes only what is given; delete removes the file', async () => {
    expect((await cli(env, 'clients', 'create', '--id', 'edit-rp', '--redirect-uri', 'http://localhost:9000/cb')).code).toBe(0);
    const shown = await cli(env, '--json', 'clients', 'show', 'edit-rp');
    expect((shown.json['metadata'] as Json)['client_secret']).toBe('********');
    const revealed = await cli(env, '--json', 'clients', 'show', 'edit-rp', '--show-secret');
    expect(String((revealed.json['metadata'] as Json)['client_secret'])).toHaveLength(64);

    const updated = await cli(env, '--json', 'clients', 'update', 'edit-rp', '--name', 'Edited', '--no-first-party');
    expect(updated.code, updated.stderr).toBe(0);
    const file = JSON.parse(await readFile(join(clientsDir, 'edit-rp.json'), 'utf8')) as Json;
    expect(file).toMatchObject({ client_name: 'Edited', redirect_uris: ['http://localhost:9000/cb'], first_party: false });
    expect(file['client_secret']).toBe((revealed.json['metadata'] as Json)['client_secret']);

    const nothing = await cli(env, 'clients', 'update', 'edit-rp');
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/nothing to update/);

    expect((await cli(env, 'clients', 'delete', 'edit-rp')).code).toBe(0);
    expect(await readdir(clientsDir)).not.toContain('edit-rp.json');
    const gone = await cli(env, 'clients', 'show', 'edit-rp');
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/no client "edit-rp"/);
  });

  it('leaves files with several clients alone, and names invalid metadata', async () => {
    await writeFile(
      join(clientsDir, 'pair.json'),
      JSON.stringify([
        { client_id: 'pair-a', client_secret: 'pair-secret-pair-secret-pair-secret-01', redirect_uris: ['https://a.example/cb'] },
        { client_id: 'pair-b', client_secret: 'pair-secret-pair-secret-pair-secret-02', redirect_uris: ['https://b.example/cb'] },
      ]),
    );
    const listed = await cli(env, 'clients', 'list');
    expect(listed.stdout).toMatch(/^pair-a\s/m);
    const refused = await cli(env, 'clients', 'delete', 'pair-a');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/pair\.json; edit that file/);

    const badUri = await cli(env, 'clients', 'create', '--redirect-uri', 'not a url');
    expect(badUri.code).toBe(2);
    expect(badUri.stderr).toMatch(/--redirect-uri: must be an absolute URL/);
    const noUri = await cli(env, 'clients', 'create', '--name', 'x');
    expect(noUri.code).toBe(2);
    expect(noUri.stderr).toMatch(/--redirect-uri: required/);
  });

  it('initial access tokens need shared storage', async () => {
    const result = await cli(env, 'initial-access-token', 'issue');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Set REDIS_URL/);
  });
});

describe('bin/kontekst.js', () => {
  it('runs the TypeScript CLI through tsx, prints JSON, and exits 2 on bad input', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['bin/kontekst.js', ...args], {
        env: { ...process.env, ...env, NODE_ENV: 'development' },
        encoding: 'utf8',
        timeout: 20_000,
      });
    const listed = run('--json', 'clients', 'list');
    expect(listed.status, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as Json[]).map((client) => (client['metadata'] as Json)['client_id'])).toContain('file-rp');
    const bad = run('clients', 'create', '--redirect-uri', 'nope');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--redirect-uri: must be an absolute URL/);
    expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const unknown = run('clients', 'frobnicate');
    expect(unknown.status).toBe(2);
  });
});
