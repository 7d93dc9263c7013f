// Runs the adapter contract against memory, a real redis-server and a real local Cluster; plus Redis-only checks.
import { randomUUID } from 'node:crypto';
import Provider, { type AdapterPayload } from 'oidc-provider';
import { describe, expect, it } from 'vitest';
import type { IndexedAdapterFactory } from '../../src/oidc/adapters/adapter-model.ts';
import { createMemoryAdapterFactory } from '../../src/oidc/adapters/memory-adapter.ts';
import { createRedisAdapterFactory } from '../../src/oidc/adapters/redis-adapter.ts';
import { accountHolderKey } from '../../src/oidc/account-id.ts';
import { countCommands } from '../../src/store/command-counter.ts';
import { hashTagOf, oidcGrantTokensKey, oidcRecordKey } from '../../src/store/keys.ts';
import { uniquePrefix, useRedis } from '../store/redis-backends.ts';
import { adapterContract } from './adapter-contract.ts';

describe('memory adapter', () => {
  adapterContract(() => createMemoryAdapterFactory());
  providerIntegration(() => createMemoryAdapterFactory());

  it('stays within its byte cap, evicting the least recently used records and their index entries', async () => {
    const factory = createMemoryAdapterFactory({ maxBytes: 50_000 });
    const businessUserUuid = randomUUID();
    const holder = accountHolderKey({ type: 'professional', businessUserUuid });
    const padding = 'x'.repeat(1_000);
    const ids = Array.from({ length: 200 }, () => randomUUID());
    for (const id of ids) {
      await factory('Session').upsert(
        id,
        { jti: id, uid: id, accountId: `professional.mitid.${businessUserUuid}`, padding } as AdapterPayload,
        3600,
      );
    }
    const usage = factory.usage();
    expect(usage.bytes).toBeLessThanOrEqual(50_000);
    expect(usage.records).toBeLessThan(60);
    // The index lists exactly the sessions still held: the newest ones, none of the evicted.
    const listed = (await factory.holders.recordsOf(holder)).sessions;
    expect(listed.length).toBe(usage.records);
    expect(new Set(listed)).toEqual(new Set(ids.slice(-usage.records)));
    expect(await factory('Session').findByUid(ids[0]!)).toBeUndefined();
    expect((await factory('Session').findByUid(ids.at(-1)!))?.jti).toBe(ids.at(-1));
  });

  it('never evicts records without expiry (dynamically registered clients)', async () => {
    const factory = createMemoryAdapterFactory({ maxBytes: 10_000 });
    await factory('Client').upsert('registered', { client_id: 'registered' });
    for (let index = 0; index < 50; index += 1)
      await factory('Interaction').upsert(`i-${index}`, { jti: `i-${index}`, padding: 'x'.repeat(1_000) } as AdapterPayload, 60);
    expect(await factory('Client').find('registered')).toEqual({ client_id: 'registered' });
  });
});

describe.each(['single', 'cluster'] as const)('Redis adapter on %s Redis', (kind) => {
  const redis = useRedis(kind);
  adapterContract(() => createRedisAdapterFactory(redis(), uniquePrefix()));
  providerIntegration(() => createRedisAdapterFactory(redis(), uniquePrefix()));

  it('keeps a grant token index in the slot of its Grant record, with the longest token TTL', async () => {
    const prefix = uniquePrefix();
    const factory = createRedisAdapterFactory(redis(), prefix);
    const grantId = randomUUID();
    expect(hashTagOf(oidcGrantTokensKey(prefix, grantId))).toBe(hashTagOf(oidcRecordKey(prefix, 'Grant', grantId)));
    await factory('AccessToken').upsert('at-1', { jti: 'at-1', grantId }, 20);
    await factory('RefreshToken').upsert('rt-1', { jti: 'rt-1', grantId }, 40);
    await factory('AccessToken').upsert('at-2', { jti: 'at-2', grantId }, 10);
    const indexKey = oidcGrantTokensKey(prefix, grantId);
    expect((await redis().smembers(indexKey)).sort()).toEqual(['AccessToken:at-1', 'AccessToken:at-2', 'RefreshToken:rt-1']);
    const ttl = await redis().pttl(indexKey);
    expect(ttl).toBeGreaterThan(35_000);
    expect(ttl).toBeLessThanOrEqual(40_000);
    expect(await redis().pttl(oidcRecordKey(prefix, 'AccessToken', 'at-2'))).toBeLessThanOrEqual(10_000);
  });

  it('costs one round trip per adapter call (two for findByUid on a Cluster)', async () => {
    const factory = createRedisAdapterFactory(redis(), uniquePrefix());
    const grantId = randomUUID();
    const session = factory('Session');
    const code = factory('AuthorizationCode');
    // Warm up: the first script call per connection may need EVAL after a NOSCRIPT.
    await session.upsert('warm', { jti: 'warm', uid: 'warm' }, 60);
    await code.upsert('warm', { jti: 'warm', grantId }, 60);
    await code.consume('warm');
    await session.findByUid('warm');
    await code.revokeByGrantId(grantId);

    const counter = countCommands(redis());
    const measure = async (call: () => Promise<unknown>) => {
      counter.reset();
      await call();
      return counter.snapshot();
    };
    try {
      const upsert = await measure(() => code.upsert('c1', { jti: 'c1', grantId }, 60));
      const find = await measure(() => code.find('c1'));
      const consume = await measure(() => code.consume('c1'));
      const sessionUpsert = await measure(() => session.upsert('s1', { jti: 's1', uid: 'u1' }, 60));
      const byUid = await measure(() => session.findByUid('u1'));
      const destroy = await measure(() => session.destroy('s1'));
      for (const counts of [upsert, find, consume, sessionUpsert, destroy]) expect(counts.roundTrips).toBe(1);
      if (kind === 'single') {
        for (const counts of [upsert, find, consume, sessionUpsert, byUid, destroy]) expect(counts.commands).toBe(1);
        expect(byUid.roundTrips).toBe(1);
      } else {
        // Record and index live in different slots: two commands sent together for a write...
        expect(upsert.commands).toBe(2);
        // ...and a pointer then its record for a lookup by uid.
        expect(byUid.roundTrips).toBe(2);
      }
    } finally {
      counter.detach();
    }
  });
});

/** The factory works as oidc-provider's `adapter` option: tokens saved and found through the library's models. */
function providerIntegration(makeFactory: () => IndexedAdapterFactory): void {
  it('serves oidc-provider models: code saved, found, consumed once, grant revoked', async () => {
    const provider = new Provider('http://localhost:3999', {
      adapter: makeFactory(),
      clients: [{ client_id: 'rp', client_secret: 'a-secret-for-tests-only', redirect_uris: ['https://rp.example/cb'] }],
    });
    const client = await provider.Client.find('rp');
    if (!client) throw new Error('static client not found through the adapter-backed provider');
    const grant = new provider.Grant({ accountId: 'account-1', clientId: 'rp' });
    grant.addOIDCScope('openid');
    const grantId = await grant.save();
    const code = new provider.AuthorizationCode({
      accountId: 'account-1',
      client,
      grantId,
      scope: 'openid',
      redirectUri: 'https://rp.example/cb',
      codeChallenge: 'x'.repeat(43),
      codeChallengeMethod: 'S256',
      gty: 'authorization_code',
    });
    const value = await code.save();
    const found = await provider.AuthorizationCode.find(value);
    expect(found?.grantId).toBe(grantId);
    expect((found as unknown as { consumed?: number }).consumed).toBeFalsy();
    await found!.consume();
    const refound = (await provider.AuthorizationCode.find(value)) as unknown as { consumed?: number };
    expect(refound.consumed).toBeTypeOf('number');
    await expect(found!.consume()).rejects.toThrow(/invalid_grant|consumed/);

    const accessToken = new provider.AccessToken({ accountId: 'account-1', client, grantId, scope: 'openid', gty: 'authorization_code' });
    const tokenValue = await accessToken.save();
    expect((await provider.AccessToken.find(tokenValue))?.accountId).toBe('account-1');
    await provider.AccessToken.revokeByGrantId(grantId);
    expect(await provider.AccessToken.find(tokenValue)).toBeUndefined();
    expect(await provider.AuthorizationCode.find(value)).toBeUndefined();
  });
}
