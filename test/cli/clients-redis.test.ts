// The CLI against a running Kontekst on Redis: clients it creates, rotates and deletes take effect at once, end to end.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.ts';
import { SHARED_TEST_KEYS } from '../support/keys-dir.ts';
import { authorizationRequest } from '../support/journey.ts';
import {
  cli,
  introspect,
  logIn,
  minimalMetadata,
  refreshWith,
  register,
  rpFor,
  userinfoStatus,
  type Json,
} from './support/registration.ts';

let redis: RedisServerHandle;
let kontekst: RunningKontekst;
let clientsDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  redis = await startRedisServer();
  clientsDir = await mkdtemp(join(tmpdir(), 'kontekst-cli-clients-'));
  await writeFile(
    join(clientsDir, 'static-rp.json'),
    JSON.stringify({
      client_id: 'static-rp',
      client_secret: 'static-secret-static-secret-0123456789',
      redirect_uris: ['https://static.example/cb'],
    }),
  );
  env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: 'clitest',
    CLIENTS_DIR: clientsDir,
    KEYS_DIR: SHARED_TEST_KEYS,
  };
  kontekst = await startKontekst({ env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'clitest', CLIENTS_DIR: clientsDir } });
  env['PUBLIC_URL'] = kontekst.url;
});
afterAll(async () => {
  await kontekst?.close();
  await redis?.stop();
  await rm(clientsDir, { recursive: true, force: true });
});

describe('kontekst clients (Redis storage, running server)', () => {
  it('create → log in → rotate-secret (old fails, new works) → delete (tokens stop working)', async () => {
    const created = await cli(
      env,
      '--json',
      'clients',
      'create',
      '--name',
      'Digital Post',
      '--redirect-uri',
      'https://rp.example/callback',
      '--identity-types',
      'private',
      '--first-party',
      '--grant-types',
      'authorization_code,refresh_token',
    );
    expect(created.code, created.stderr).toBe(0);
    const clientId = String(created.json['client_id']);
    const oldSecret = String(created.json['client_secret']);
    expect(clientId).toMatch(/^digital-post-[0-9a-f]{6}$/);
    expect(created.json['live']).toBe(true);

    // The running server sees the new client at once (no restart): log in with it.
    const tokens = await logIn(kontekst.url, await rpFor(kontekst.url, clientId, oldSecret, 'https://rp.example/callback'));
    expect(tokens.claims()!['aud']).toBe(clientId);
    expect(tokens.claims()!['identity_type']).toBe('private');

    const listed = await cli(env, '--json', 'clients', 'list');
    expect(listed.code, listed.stderr).toBe(0);
    const entry = (listed.json as Json[]).find((client) => (client['metadata'] as Json)['client_id'] === clientId)!;
    expect(entry['source']).toBe('redis');
    expect((entry['metadata'] as Json)['client_secret']).toBe('********');
    expect(
      (listed.json as Json[]).some((client) => client['source'] === 'file' && (client['metadata'] as Json)['client_id'] === 'static-rp'),
    ).toBe(true);

    const rotated = await cli(env, '--json', 'clients', 'rotate-secret', clientId);
    expect(rotated.code, rotated.stderr).toBe(0);
    const newSecret = String(rotated.json['client_secret']);
    expect(newSecret).not.toBe(oldSecret);
    const stale = await refreshWith(kontekst.url, clientId, oldSecret, tokens.refresh_token!);
    expect(stale.body['error']).toBe('invalid_client');
    const fresh = await refreshWith(kontekst.url, clientId, newSecret, tokens.refresh_token!);
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(200);
    const accessToken = String(fresh.body['access_token']);
    expect((await introspect(kontekst.url, clientId, newSecret, accessToken)).body['active']).toBe(true);
    expect(await userinfoStatus(kontekst.url, accessToken)).toBe(200);

    const deleted = await cli(env, '--json', 'clients', 'delete', clientId);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.json['revoked_grants']).toBe(1);
    expect(await userinfoStatus(kontekst.url, accessToken)).toBe(401);
    expect((await refreshWith(kontekst.url, clientId, newSecret, String(fresh.body['refresh_token']))).status).toBe(401);
    expect((await introspect(kontekst.url, clientId, newSecret, accessToken)).status).toBe(401);
    // The grant's tokens are gone from storage, not only unusable: another client's introspection finds nothing.
    expect((await introspect(kontekst.url, 'static-rp', 'static-secret-static-secret-0123456789', accessToken)).body['active']).toBe(false);
    expect((await cli(env, 'clients', 'show', clientId)).code).toBe(1);
  });

  it('update changes what the running server enforces at once', async () => {
    const created = await cli(
      env,
      '--json',
      'clients',
      'create',
      '--id',
      'switching-rp',
      '--redirect-uri',
      'https://rp.example/callback',
      '--first-party',
    );
    expect(created.code, created.stderr).toBe(0);
    const updated = await cli(
      env,
      '--json',
      'clients',
      'update',
      'switching-rp',
      '--redirect-uri',
      'https://rp.example/other',
      '--entitlements',
      'cpr',
    );
    expect(updated.code, updated.stderr).toBe(0);
    expect((updated.json['metadata'] as Json)['redirect_uris']).toEqual(['https://rp.example/other']);
    // The old redirect URI is refused by the server now (an error page, no redirect); the new one works.
    const stale = await rpFor(kontekst.url, 'switching-rp', String(created.json['client_secret']), 'https://rp.example/callback');
    const page = await fetch((await authorizationRequest(stale)).url, { redirect: 'manual' });
    expect(page.status).toBe(400);
    expect(await page.text()).toMatch(/redirect_uri/);
    const moved = await rpFor(kontekst.url, 'switching-rp', String(created.json['client_secret']), 'https://rp.example/other');
    expect((await logIn(kontekst.url, moved, 'openid')).claims()!['aud']).toBe('switching-rp');
  });

  it('refuses to shadow or change a static client, and names bad input', async () => {
    const shadow = await cli(env, 'clients', 'create', '--id', 'static-rp', '--redirect-uri', 'https://rp.example/cb');
    expect(shadow.code).toBe(1);
    expect(shadow.stderr).toMatch(/already exists/);
    const change = await cli(env, 'clients', 'update', 'static-rp', '--name', 'x');
    expect(change.code).toBe(1);
    expect(change.stderr).toMatch(/static-rp\.json; edit that file and restart/);
    const badTypes = await cli(env, 'clients', 'create', '--redirect-uri', 'https://rp.example/cb', '--identity-types', 'business');
    expect(badTypes.code).toBe(2);
    expect(badTypes.stderr).toMatch(/^kontekst: --identity-types: /);
    const badMetadata = await cli(env, 'clients', 'create', '--redirect-uri', 'https://rp.example/cb', '--auth-method', 'private_key_jwt');
    expect(badMetadata.code).toBe(2);
    expect(badMetadata.stderr).toMatch(/jwks_uri/);
  });
});

describe('kontekst initial-access-token issue (Redis storage, running server)', () => {
  it('issues a token the running server accepts for dynamic registration, with the self-registration policy', async () => {
    const issued = await cli(env, '--json', 'initial-access-token', 'issue', '--expires-in', '600');
    expect(issued.code, issued.stderr).toBe(0);
    const token = String(issued.json['initial_access_token']);
    expect(issued.json['registration_endpoint']).toBe(`${kontekst.url}/reg`);
    const refused = await register(kontekst.url, token, minimalMetadata({ entitlements: ['cpr'] }));
    expect(refused.body['error']).toBe('invalid_client_metadata');
    const registered = await register(kontekst.url, token, minimalMetadata());
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    // The CLI sees the dynamically registered client in the same storage.
    const shown = await cli(env, '--json', 'clients', 'show', String(registered.body['client_id']));
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.json['source']).toBe('redis');
  });

  it('refuses a lifetime out of range', async () => {
    const result = await cli(env, 'initial-access-token', 'issue', '--expires-in', '5');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--expires-in: at least 60 seconds/);
  });
});
