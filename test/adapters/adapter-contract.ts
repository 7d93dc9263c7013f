// The oidc-provider adapter contract: one suite, registered once per implementation (memory, Redis, Cluster).
import { randomUUID } from 'node:crypto';
import { errors, type AdapterPayload } from 'oidc-provider';
import { expect, it } from 'vitest';
import type { IndexedAdapterFactory } from '../../src/oidc/adapters/adapter-model.ts';
import { accountHolderKey } from '../../src/oidc/account-id.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const newId = () => randomUUID();
const now = () => Math.floor(Date.now() / 1000);

/** Every model oidc-provider 9 may store through the adapter. */
export const ALL_MODELS = [
  'Session',
  'Interaction',
  'Grant',
  'AuthorizationCode',
  'AccessToken',
  'RefreshToken',
  'ClientCredentials',
  'RegistrationAccessToken',
  'InitialAccessToken',
  'PushedAuthorizationRequest',
  'ReplayDetection',
  'BackchannelAuthenticationRequest',
  'DeviceCode',
  'Client',
] as const;

function tokenPayload(grantId: string, extra: Partial<AdapterPayload> = {}): AdapterPayload {
  return { jti: newId(), grantId, accountId: 'account-1', clientId: 'client-1', scope: 'openid', iat: now(), exp: now() + 60, ...extra };
}

/** `makeFactory` must return a factory over empty (or freshly namespaced) storage each time. */
export function adapterContract(makeFactory: () => IndexedAdapterFactory): void {
  it.each(ALL_MODELS)('stores, finds and destroys %s records', async (model) => {
    const adapter = makeFactory()(model);
    const id = newId();
    const payload: AdapterPayload = {
      jti: id,
      kind: model,
      exp: now() + 60,
      amr: [],
      scope: 'openid email',
      extra: { nested: [1, 'two'] },
    } as AdapterPayload;
    await adapter.upsert(id, payload, 60);
    expect(await adapter.find(id)).toEqual(payload);
    await adapter.destroy(id);
    expect(await adapter.find(id)).toBeUndefined();
  });

  it('finds nothing for unknown ids, uids and user codes', async () => {
    const factory = makeFactory();
    expect(await factory('AccessToken').find('nope')).toBeUndefined();
    expect(await factory('Session').findByUid('nope')).toBeUndefined();
    expect(await factory('DeviceCode').findByUserCode('NOPE-CODE')).toBeUndefined();
    await expect(factory('AccessToken').destroy('nope')).resolves.toBeUndefined();
    await expect(factory('AccessToken').revokeByGrantId('nope')).resolves.toBeUndefined();
  });

  it('hands out copies: mutating a found payload does not change the stored one', async () => {
    const adapter = makeFactory()('Interaction');
    const id = newId();
    await adapter.upsert(id, { jti: id, params: { scope: 'openid' } } as AdapterPayload, 60);
    const found = (await adapter.find(id)) as AdapterPayload & { params: { scope: string } };
    found.params.scope = 'mutated';
    expect(await adapter.find(id)).toEqual({ jti: id, params: { scope: 'openid' } });
  });

  it('keeps models apart: the same id in two models is two records', async () => {
    const factory = makeFactory();
    const id = newId();
    await factory('AccessToken').upsert(id, { jti: id, kind: 'AccessToken' }, 60);
    await factory('RefreshToken').upsert(id, { jti: id, kind: 'RefreshToken' }, 60);
    expect((await factory('AccessToken').find(id))?.kind).toBe('AccessToken');
    expect((await factory('RefreshToken').find(id))?.kind).toBe('RefreshToken');
  });

  it('replaces a record on upsert', async () => {
    const adapter = makeFactory()('Session');
    const id = newId();
    await adapter.upsert(id, { jti: id, uid: 'u-1', accountId: 'first' }, 60);
    await adapter.upsert(id, { jti: id, uid: 'u-1', accountId: 'second' }, 60);
    expect(await adapter.find(id)).toEqual({ jti: id, uid: 'u-1', accountId: 'second' });
  });

  it('expires records after expiresIn, and keeps records without expiresIn', async () => {
    const factory = makeFactory();
    const short = newId();
    const forever = newId();
    const uid = newId();
    await factory('Session').upsert(short, { jti: short, uid }, 0.15);
    await factory('Client').upsert(forever, { client_id: forever });
    expect(await factory('Session').findByUid(uid)).toBeDefined();
    await sleep(300);
    expect(await factory('Session').find(short)).toBeUndefined();
    expect(await factory('Session').findByUid(uid)).toBeUndefined();
    expect(await factory('Client').find(forever)).toEqual({ client_id: forever });
  });

  it('consume sets consumed to the current epoch seconds, once', async () => {
    const adapter = makeFactory()('AuthorizationCode');
    const payload = tokenPayload(newId());
    const id = payload.jti!;
    await adapter.upsert(id, payload, 60);
    const before = now();
    await adapter.consume(id);
    const consumed = (await adapter.find(id))?.consumed;
    expect(consumed).toBeGreaterThanOrEqual(before);
    expect(consumed).toBeLessThanOrEqual(now());
    await expect(adapter.consume(id)).rejects.toBeInstanceOf(errors.InvalidGrant);
    expect((await adapter.find(id))?.consumed).toBe(consumed);
  });

  it('consume of an unknown or expired record fails closed', async () => {
    const adapter = makeFactory()('RefreshToken');
    await expect(adapter.consume('unknown')).rejects.toBeInstanceOf(errors.InvalidGrant);
    const payload = tokenPayload(newId());
    await adapter.upsert(payload.jti!, payload, 0.1);
    await sleep(200);
    await expect(adapter.consume(payload.jti!)).rejects.toBeInstanceOf(errors.InvalidGrant);
    expect(await adapter.find(payload.jti!)).toBeUndefined();
  });

  it('of many concurrent consumes exactly one wins', async () => {
    const factory = makeFactory();
    const payload = tokenPayload(newId());
    await factory('AuthorizationCode').upsert(payload.jti!, payload, 60);
    // Separate adapter instances, as two provider processes would have.
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => factory('AuthorizationCode').consume(payload.jti!)));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(rejected).toHaveLength(19);
    for (const outcome of rejected) expect(outcome.reason).toBeInstanceOf(errors.InvalidGrant);
  });

  it('keeps a stored consumed value across upsert', async () => {
    const adapter = makeFactory()('RefreshToken');
    const payload = tokenPayload(newId(), { consumed: 1_700_000_000 });
    await adapter.upsert(payload.jti!, payload, 60);
    expect((await adapter.find(payload.jti!))?.consumed).toBe(1_700_000_000);
    await expect(adapter.consume(payload.jti!)).rejects.toBeInstanceOf(errors.InvalidGrant);
  });

  it('findByUid finds the session by its uid, and not after it was destroyed or re-keyed', async () => {
    const adapter = makeFactory()('Session');
    const uid = newId();
    const first = newId();
    await adapter.upsert(first, { jti: first, uid, accountId: 'a' }, 60);
    expect(await adapter.findByUid(uid)).toEqual({ jti: first, uid, accountId: 'a' });
    // oidc-provider re-keys a session on login: new id, same uid, old record destroyed.
    const second = newId();
    await adapter.upsert(second, { jti: second, uid, accountId: 'a' }, 60);
    await adapter.destroy(first);
    expect((await adapter.findByUid(uid))?.jti).toBe(second);
    await adapter.destroy(second);
    expect(await adapter.findByUid(uid)).toBeUndefined();
  });

  it('findByUid never returns a session whose uid changed', async () => {
    const adapter = makeFactory()('Session');
    const id = newId();
    await adapter.upsert(id, { jti: id, uid: 'old-uid' }, 60);
    await adapter.upsert(id, { jti: id, uid: 'new-uid' }, 60);
    expect(await adapter.findByUid('old-uid')).toBeUndefined();
    expect((await adapter.findByUid('new-uid'))?.jti).toBe(id);
  });

  it('findByUserCode finds a device code by its user code', async () => {
    const adapter = makeFactory()('DeviceCode');
    const payload = tokenPayload(newId(), { userCode: 'ABCD-EFGH' });
    await adapter.upsert(payload.jti!, payload, 60);
    expect(await adapter.findByUserCode('ABCD-EFGH')).toEqual(payload);
    expect(await adapter.findByUserCode('ABCD-XXXX')).toBeUndefined();
    await adapter.destroy(payload.jti!);
    expect(await adapter.findByUserCode('ABCD-EFGH')).toBeUndefined();
  });

  it('revokeByGrantId removes every token of the grant and nothing else', async () => {
    const factory = makeFactory();
    const grantId = newId();
    const otherGrantId = newId();
    const grant = { jti: grantId, accountId: 'account-1', clientId: 'client-1' };
    await factory('Grant').upsert(grantId, grant, 60);
    const tokens = [
      ['AuthorizationCode', tokenPayload(grantId)],
      ['AccessToken', tokenPayload(grantId)],
      ['AccessToken', tokenPayload(grantId)],
      ['RefreshToken', tokenPayload(grantId)],
      ['DeviceCode', tokenPayload(grantId, { userCode: 'WXYZ-1234' })],
      ['BackchannelAuthenticationRequest', tokenPayload(grantId)],
    ] as const;
    for (const [model, payload] of tokens) await factory(model).upsert(payload.jti!, payload, 60);
    const survivor = tokenPayload(otherGrantId);
    await factory('AccessToken').upsert(survivor.jti!, survivor, 60);

    await factory('AccessToken').revokeByGrantId(grantId);

    for (const [model, payload] of tokens) expect(await factory(model).find(payload.jti!)).toBeUndefined();
    expect(await factory('DeviceCode').findByUserCode('WXYZ-1234')).toBeUndefined();
    expect(await factory('AccessToken').find(survivor.jti!)).toEqual(survivor);
    // The grant record itself is oidc-provider's to destroy (Grant adapter destroy), not revokeByGrantId's.
    expect(await factory('Grant').find(grantId)).toEqual(grant);
    // The other models' revokeByGrantId calls (oidc-provider runs them together) find nothing left and succeed.
    await Promise.all(tokens.map(([model]) => factory(model).revokeByGrantId(grantId)));
  });

  it('revokeByGrantId also reaches a long-lived token issued before short-lived ones expired', async () => {
    const factory = makeFactory();
    const grantId = newId();
    const refresh = tokenPayload(grantId);
    const access = tokenPayload(grantId);
    await factory('RefreshToken').upsert(refresh.jti!, refresh, 30);
    await factory('AccessToken').upsert(access.jti!, access, 0.1);
    await sleep(250);
    expect(await factory('AccessToken').find(access.jti!)).toBeUndefined();
    expect(await factory('RefreshToken').find(refresh.jti!)).toEqual(refresh);
    await factory('RefreshToken').revokeByGrantId(grantId);
    expect(await factory('RefreshToken').find(refresh.jti!)).toBeUndefined();
  });

  holderIndexContract(makeFactory);
}

/** The holder index (account → live sessions and grants) that revocation relies on: exact as records come and go. */
function holderIndexContract(makeFactory: () => IndexedAdapterFactory): void {
  const person = () => ({ mitidUuid: newId(), businessUserUuid: newId() });

  it("lists a holder's logged-in sessions and grants, and a business user's under either credential", async () => {
    const factory = makeFactory();
    const { mitidUuid, businessUserUuid } = person();
    const [privateSession, dedicated, viaPrivateMitid, anonymous, grant, otherGrant] = [
      newId(),
      newId(),
      newId(),
      newId(),
      newId(),
      newId(),
    ];
    await factory('Session').upsert(privateSession, { jti: privateSession, uid: newId(), accountId: `private.mitid.${mitidUuid}` }, 60);
    await factory('Session').upsert(
      dedicated,
      { jti: dedicated, uid: newId(), accountId: `professional.mitid_erhverv.${businessUserUuid}` },
      60,
    );
    await factory('Session').upsert(
      viaPrivateMitid,
      { jti: viaPrivateMitid, uid: newId(), accountId: `professional.mitid.${businessUserUuid}` },
      60,
    );
    // Not logged in yet: no account, nothing to index.
    await factory('Session').upsert(anonymous, { jti: anonymous, uid: newId() }, 60);
    await factory('Grant').upsert(grant, { jti: grant, accountId: `professional.mitid.${businessUserUuid}`, clientId: 'c' }, 60);
    await factory('Grant').upsert(otherGrant, { jti: otherGrant, accountId: `private.mitid.${mitidUuid}`, clientId: 'c' }, 60);
    // Tokens carry an accountId too, but are reached through their grant.
    const token = tokenPayload(grant, { accountId: `professional.mitid.${businessUserUuid}` });
    await factory('AccessToken').upsert(token.jti!, token, 60);

    const professional = await factory.holders.recordsOf(accountHolderKey({ type: 'professional', businessUserUuid }));
    expect(professional.sessions.sort()).toEqual([dedicated, viaPrivateMitid].sort());
    expect(professional.grants).toEqual([grant]);
    const privately = await factory.holders.recordsOf(accountHolderKey({ type: 'private', mitidUuid }));
    expect(privately).toEqual({ sessions: [privateSession], grants: [otherGrant] });
    expect(await factory.holders.recordsOf(accountHolderKey({ type: 'private', mitidUuid: newId() }))).toEqual({
      sessions: [],
      grants: [],
    });
  });

  it('drops a session from the index when it is destroyed, expires or is saved again (no duplicates)', async () => {
    const factory = makeFactory();
    const { mitidUuid } = person();
    const holder = accountHolderKey({ type: 'private', mitidUuid });
    const accountId = `private.mitid.${mitidUuid}`;
    const [kept, destroyed, expiring] = [newId(), newId(), newId()];
    await factory('Session').upsert(kept, { jti: kept, uid: newId(), accountId }, 60);
    await factory('Session').upsert(kept, { jti: kept, uid: newId(), accountId, touched: true } as AdapterPayload, 60);
    await factory('Session').upsert(destroyed, { jti: destroyed, uid: newId(), accountId }, 60);
    await factory('Session').upsert(expiring, { jti: expiring, uid: newId(), accountId }, 0.15);
    expect((await factory.holders.recordsOf(holder)).sessions.sort()).toEqual([kept, destroyed, expiring].sort());

    await factory('Session').destroy(destroyed);
    await sleep(300);
    expect(await factory.holders.recordsOf(holder)).toEqual({ sessions: [kept], grants: [] });
    await factory('Session').destroy(kept);
    expect(await factory.holders.recordsOf(holder)).toEqual({ sessions: [], grants: [] });
  });

  it('drops a grant from the index when oidc-provider destroys it', async () => {
    const factory = makeFactory();
    const { businessUserUuid } = person();
    const grant = newId();
    await factory('Grant').upsert(grant, { jti: grant, accountId: `professional.mitid.${businessUserUuid}`, clientId: 'c' }, 60);
    await factory('Grant').destroy(grant);
    expect(await factory.holders.recordsOf(accountHolderKey({ type: 'professional', businessUserUuid }))).toEqual({
      sessions: [],
      grants: [],
    });
  });
}
