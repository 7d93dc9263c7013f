// Signing-key rotation without downtime: add (published, not signing) → promote (signs; old still verifies) → retire (only once its tokens expired).
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLLOUT_GRACE_SECONDS, SIGNING_STATE_FILE, SigningKeySet } from '../../src/oidc/key-rotation.ts';
import { loadOrCreateJwks } from '../../src/oidc/keys.ts';
import { TTL } from '../../src/oidc/provider.ts';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import { SHARED_TEST_KEYS } from '../support/keys-dir.ts';
import { testClient } from '../support/journey.ts';
import { cli, logIn, rpFor, type Json } from './support/registration.ts';

const registration = testClient({ client_id: 'keys-rp' });
let keysDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  keysDir = await mkdtemp(join(tmpdir(), 'kontekst-keys-'));
  for (const file of ['signing.jwks.json', 'upstream-client.jwks.json']) await copyFile(join(SHARED_TEST_KEYS, file), join(keysDir, file));
  env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', KEYS_DIR: keysDir, CLIENTS_DIR: join(keysDir, 'no-clients') };
});
afterAll(() => rm(keysDir, { recursive: true, force: true }));

/** A (re)started process: what a rolling restart does to each Kontekst. */
async function withKontekst<T>(work: (kontekst: RunningKontekst) => Promise<T>): Promise<T> {
  const kontekst = await startKontekst({ env: { KEYS_DIR: keysDir }, build: { extraClients: [registration] } });
  try {
    return await work(kontekst);
  } finally {
    await kontekst.close();
  }
}

async function idTokenAndJwks(kontekst: RunningKontekst): Promise<{ idToken: string; jwks: JSONWebKeySet }> {
  const tokens = await logIn(
    kontekst.url,
    await rpFor(kontekst.url, registration.client_id, registration.client_secret!, registration.redirect_uris[0]!),
    'openid',
  );
  const jwks = (await (await fetch(`${kontekst.url}/jwks`)).json()) as JSONWebKeySet;
  return { idToken: tokens.id_token!, jwks };
}

const kidOf = (jwt: string) => decodeProtectedHeader(jwt).kid;
const rsaKids = (jwks: JSONWebKeySet) => jwks.keys.filter((key) => key.kty === 'RSA').map((key) => key.kid);

describe('kontekst keys: add → promote → retire', () => {
  it('rotates the RS256 signing key while every issued token keeps verifying', async () => {
    const before = await withKontekst(idTokenAndJwks);
    const oldKid = kidOf(before.idToken)!;
    expect(rsaKids(before.jwks)).toEqual([oldKid]);

    // add: published in the JWKS, not signing.
    const added = await cli(env, '--json', 'keys', 'add', '--alg', 'RS256');
    expect(added.code, added.stderr).toBe(0);
    const newKid = String(added.json['kid']);
    expect(added.json['status']).toBe('next');
    expect(newKid.startsWith('dev-')).toBe(false);
    const afterAdd = await withKontekst(idTokenAndJwks);
    expect(rsaKids(afterAdd.jwks).sort()).toEqual([oldKid, newKid].sort());
    expect(kidOf(afterAdd.idToken)).toBe(oldKid);

    // promote: new tokens signed with the new key; tokens signed with the old one still verify through the JWKS.
    const promoted = await cli(env, '--json', 'keys', 'promote', newKid);
    expect(promoted.code, promoted.stderr).toBe(0);
    expect((promoted.json['demoted'] as Json)['kid']).toBe(oldKid);
    const afterPromote = await withKontekst(async (kontekst) => {
      const result = await idTokenAndJwks(kontekst);
      // Signatures only: each test server listens on its own port, so the issuer differs between "restarts".
      for (const token of [before.idToken, afterAdd.idToken, result.idToken]) {
        await expect(jwtVerify(token, createLocalJWKSet(result.jwks))).resolves.toBeDefined();
      }
      return result;
    });
    expect(kidOf(afterPromote.idToken)).toBe(newKid);
    expect(rsaKids(afterPromote.jwks).sort()).toEqual([oldKid, newKid].sort());
    // Bootstrap contract: the signing key comes first.
    expect((await loadOrCreateJwks({ dir: keysDir, file: 'signing.jwks.json', purpose: 'signing', production: false })).keys[0]!.kid).toBe(
      newKid,
    );

    // retire: refused while tokens signed with the old key may live (and always for the signing key).
    const early = await cli(env, 'keys', 'retire', oldKid);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/may be valid until .* Retire it then, or use --force/);
    const active = await cli(env, 'keys', 'retire', newKid);
    expect(active.code).toBe(1);
    expect(active.stderr).toMatch(/promote another RS256 key first/);
    const listed = await cli(env, '--json', 'keys', 'list');
    const old = (listed.json as Json[]).find((key) => key['kid'] === oldKid)!;
    expect(old['status']).toBe('retiring');
    expect(Number(old['retirable_at']) - Number(old['demoted_at'])).toBe(TTL.IdToken + ROLLOUT_GRACE_SECONDS);

    // Time passes beyond the longest token lifetime (+ rollout grace): retire is allowed, and the JWKS drops the key.
    const statePath = join(keysDir, SIGNING_STATE_FILE);
    const state = JSON.parse(await readFile(statePath, 'utf8')) as { keys: Record<string, { demotedAt?: number }> };
    state.keys[oldKid]!.demotedAt = Math.floor(Date.now() / 1000) - TTL.IdToken - ROLLOUT_GRACE_SECONDS - 1;
    await writeFile(statePath, JSON.stringify(state));
    const retired = await cli(env, '--json', 'keys', 'retire', oldKid);
    expect(retired.code, retired.stderr).toBe(0);
    const afterRetire = await withKontekst(idTokenAndJwks);
    expect(rsaKids(afterRetire.jwks)).toEqual([newKid]);
    expect(kidOf(afterRetire.idToken)).toBe(newKid);
  });

  it('retires a key that never signed at once, and a demoted one early only with --force', async () => {
    const spare = await cli(env, '--json', 'keys', 'add', '--alg', 'ES256');
    const spareKid = String(spare.json['kid']);
    expect((await cli(env, 'keys', 'retire', spareKid)).code).toBe(0);

    const next = await cli(env, '--json', 'keys', 'add', '--alg', 'ES256');
    const promoted = await cli(env, '--json', 'keys', 'promote', String(next.json['kid']));
    const demotedKid = String((promoted.json['demoted'] as Json)['kid']);
    expect((await cli(env, 'keys', 'retire', demotedKid)).code).toBe(1);
    expect((await cli(env, 'keys', 'retire', demotedKid, '--force')).code).toBe(0);
    const listed = await cli(env, '--json', 'keys', 'list');
    expect((listed.json as Json[]).map((key) => key['kid'])).not.toContain(demotedKid);
  });

  it('refuses bad input and keys given inline', async () => {
    const badAlg = await cli(env, 'keys', 'add', '--alg', 'HS256');
    expect(badAlg.code).toBe(2);
    expect(badAlg.stderr).toMatch(/--alg: must be one of RS256, ES256/);
    expect((await cli(env, 'keys', 'promote', 'no-such-kid')).stderr).toMatch(/no key with kid "no-such-kid"/);
    const inline = await cli({ ...env, SIGNING_JWKS: '{"keys":[]}' }, 'keys', 'list');
    expect(inline.code).toBe(1);
    expect(inline.stderr).toMatch(/SIGNING_JWKS/);
  });
});

describe('production keys', () => {
  it('keys init makes keys production accepts; development keys stay refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kontekst-prod-keys-'));
    try {
      const init = await cli({ ...env, KEYS_DIR: dir }, '--json', 'keys', 'init');
      expect(init.code, init.stderr).toBe(0);
      const { signing, upstream_client_kid: upstreamKid } = init.json as unknown as { signing: Json[]; upstream_client_kid: string };
      expect(signing.map((key) => key['alg'])).toEqual(['RS256', 'ES256']);
      expect(signing.every((key) => key['status'] === 'active')).toBe(true);
      // The key Kontekst authenticates with at the MitID broker is made too, and production accepts it.
      const upstream = await loadOrCreateJwks({ dir, file: 'upstream-client.jwks.json', purpose: 'upstream-client', production: true });
      expect(upstream.keys.map((key) => key.kid)).toEqual([upstreamKid]);
      const loaded = await loadOrCreateJwks({ dir, file: 'signing.jwks.json', purpose: 'signing', production: true });
      expect(loaded.keys[0]!.alg).toBe('RS256');
      expect((await cli({ ...env, KEYS_DIR: dir }, 'keys', 'init')).stderr).toMatch(/already exists/);
      await expect(
        loadOrCreateJwks({ dir: SHARED_TEST_KEYS, file: 'signing.jwks.json', purpose: 'signing', production: true }),
      ).rejects.toThrow(/development keys/);
      await expect(SigningKeySet.open(join(dir, 'missing'))).rejects.toThrow(/missing/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
