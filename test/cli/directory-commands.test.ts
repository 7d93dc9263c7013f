// `kontekst orgs|rights|directory …` on Redis with a running server: the same service and storage, refusals with exit codes, a code shown once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.ts';
import { cli } from './support/registration.ts';

let redis: RedisServerHandle;
let kontekst: RunningKontekst;
let env: Record<string, string>;

beforeAll(async () => {
  redis = await startRedisServer();
  // A server without a world file: the directory starts missing, as a new production deployment would.
  kontekst = await startKontekst({ env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'dircli' }, build: { skipDirectorySeed: true } });
  env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'dircli', PUBLIC_URL: kontekst.url };
});
afterAll(async () => {
  await kontekst?.close();
  await redis?.stop();
});

describe('kontekst directory commands', () => {
  it('brings a missing directory up with `directory import`, which never overwrites and reports what it did', async () => {
    expect((await fetch(`${kontekst.url}/readyz`)).status).toBe(503);
    const first = await cli(env, '--json', 'directory', 'import', 'config/demo-world.json');
    expect(first.code, first.stderr).toBe(0);
    expect(first.json).toMatchObject({ organisationsImported: 3, usersImported: 5 });
    expect((await fetch(`${kontekst.url}/readyz`)).status).toBe(200);
    const again = await cli(env, 'directory', 'import', 'config/demo-world.json');
    expect(again.stdout).toContain('Imported 0 organisation(s)');
    expect((await cli(env, 'directory', 'import', 'no-such-file.json')).code).toBe(2);
  });

  it('connects an organisation with a birth-date administrator (the code printed once), shows and disconnects it', async () => {
    const connected = await cli(
      env,
      'orgs',
      'connect',
      '--cvr',
      '10000009',
      '--name',
      'Ny Virksomhed ApS',
      '--admin-email',
      'lise.holm@ny.dk',
      '--admin-birthdate',
      '1990-02-03',
      '--means',
      'app,chip',
    );
    expect(connected.code, connected.stderr).toBe(0);
    expect(connected.stdout).toMatch(/Connected 10000009 Ny Virksomhed ApS \(connected\); lise\.holm@ny\.dk/);
    expect(connected.stdout).toMatch(/Activation code for lise\.holm@ny\.dk .*: \d{8}/);
    const shown = await cli(env, '--json', 'orgs', 'show', '10000009');
    expect(shown.json).toMatchObject({
      cvr: '10000009',
      state: 'connected',
      settings: { allowedMeans: ['app', 'chip'], privateMitIdAllowed: false },
    });
    const users = await kontekst.kontekst.storage.directory.userRecordsOf('10000009');
    expect(users.map((user) => [user.givenName, user.familyName, user.roles])).toEqual([['lise', 'holm', ['organisation_administrator']]]);
    expect((await cli(env, 'orgs', 'disconnect', '10000009')).code).toBe(0);
    const twice = await cli(env, 'orgs', 'disconnect', '10000009');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('invalid_transition');
  });

  it('refuses bad input with exit 2, naming the field and not the value', async () => {
    const bad = await cli(
      env,
      'orgs',
      'connect',
      '--cvr',
      '12345678',
      '--name',
      'X',
      '--admin-email',
      'a@b.dk',
      '--admin-cpr',
      '0101011234',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('cvr');
    const both = await cli(
      env,
      'orgs',
      'connect',
      '--cvr',
      '20000007',
      '--name',
      'X',
      '--admin-email',
      'a@b.dk',
      '--admin-cpr',
      '0101011234',
      '--admin-birthdate',
      '2001-01-01',
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('cpr_xor_birthdate');
    expect(both.stderr).not.toContain('0101011234');
    expect((await cli(env, 'rights', 'add', '--urn', 'not a urn', '--da', 'x', '--en', 'y')).code).toBe(2);
  });

  it("needs the server's storage: without Redis it refuses with exit 78", async () => {
    const result = await cli({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }, 'orgs', 'list');
    expect(result.code).toBe(78);
  });
});
