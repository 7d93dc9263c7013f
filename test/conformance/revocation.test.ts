// Revocation reaches relying parties: per trigger, live sessions end, tokens die on every surface, and a real RP receives a correct logout token.
//
// The trigger is `revoke(...)` below (the SessionTerminator port, as the admin service calls it); swapping it for
// an admin command leaves every assertion as it is.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import { Person, discoverRp, testClient, type TestRp } from '../support/journey.ts';
import { PRIVATE_IDENTIFIERS } from '../support/demo-people.ts';
import { startBackchannelReceiver, type BackchannelReceiver } from '../support/backchannel-receiver.ts';
import type { RevocationTarget } from '../../src/oidc/revocation/index.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { logIn, promptNoneError } from './logout-support.ts';
import {
  BUSINESS_USERS,
  expectAcceptedEverywhere,
  expectLogoutTokenFor,
  expectRefusedEverywhere,
  startRevocationWorld,
  type RevocationWorld,
} from './revocation-support.ts';

const SCOPE = { scope: 'openid professional offline_access', prompt: 'consent' };

let world: RevocationWorld;
let kontekst: RunningKontekst;
let receiver: BackchannelReceiver;
let rpA: TestRp;
let rpB: TestRp;
let rpPlain: TestRp;

beforeAll(async () => {
  world = await startRevocationWorld(['rv-rp-a', 'rv-rp-b'], ['rv-rp-plain']);
  ({ kontekst, receiver } = world);
  [rpA, rpB, rpPlain] = [world.rps['rv-rp-a']!, world.rps['rv-rp-b']!, world.rps['rv-rp-plain']!];
});
afterAll(() => world?.close());
beforeEach(() => receiver.clear());

const revoke = (targets: RevocationTarget[]) => kontekst.kontekst.revocation.endSessionsFor(targets);

describe('a dedicated means blocked, or the business user deactivated or deleted', () => {
  it("ends the business user's session: each RP of it gets a logout token for that context, every token is refused", async () => {
    const person = new Person(kontekst.url);
    const atA = await logIn(person, rpA, 'nr-jens', { params: SCOPE });
    const atB = await logIn(person, rpB, 'nr-jens', { params: SCOPE });
    const atPlain = await logIn(person, rpPlain, 'nr-jens', { params: SCOPE });
    expect(atA.claims['idp']).toBe('mitid_erhverv');
    await expectAcceptedEverywhere(rpA, atA);

    const outcome = await revoke([{ type: 'professional', businessUserUuid: BUSINESS_USERS.nrJensAtRevision }]);
    expect(outcome).toEqual({ sessionsEnded: 1, relyingPartiesNotified: 2, relyingPartiesRetrying: 0 });

    expect(receiver.received).toHaveLength(2);
    await expectLogoutTokenFor(receiver.for('rv-rp-a')[0], rpA, atA);
    await expectLogoutTokenFor(receiver.for('rv-rp-b')[0], rpB, atB);
    for (const [rp, login] of [
      [rpA, atA],
      [rpB, atB],
      [rpPlain, atPlain],
    ] as const)
      await expectRefusedEverywhere(rp, login);
    expect(await promptNoneError(person, rpA)).toBe('login_required');

    // Nothing is left to end: a second revocation finds no session and tells no one.
    expect(await revoke([{ type: 'professional', businessUserUuid: BUSINESS_USERS.nrJensAtRevision }])).toEqual({
      sessionsEnded: 0,
      relyingPartiesNotified: 0,
      relyingPartiesRetrying: 0,
    });
  });
});

describe('private-MitID consent withdrawn (or the organisation disallowing private MitID)', () => {
  it("ends the professional sessions logged in with private MitID; the same person's private session stays", async () => {
    const privately = await logIn(new Person(kontekst.url), rpA, 'jens.hansen', {
      contextKey: 'private',
      params: { scope: 'openid offline_access', prompt: 'consent' },
    });
    const person = new Person(kontekst.url);
    const professional = await logIn(person, rpA, 'jens.hansen', { contextKey: 'professional:cvr:12345674', params: SCOPE });
    expect(professional.claims['identity_type']).toBe('professional');
    receiver.clear();

    const outcome = await revoke([{ type: 'professional', businessUserUuid: BUSINESS_USERS.jensAtTomrer, idp: 'mitid' }]);
    expect(outcome.sessionsEnded).toBe(1);
    expect(receiver.received).toHaveLength(1);
    await expectLogoutTokenFor(receiver.for('rv-rp-a')[0], rpA, professional);
    // The token names the professional context only: nothing of the private person.
    const raw = Buffer.from(receiver.received[0]!.logoutToken!.split('.')[1]!, 'base64url').toString();
    const jens = PRIVATE_IDENTIFIERS['jens.hansen'];
    for (const secret of [jens.cpr, jens.mitidUuid, String(privately.claims.sub)]) expect(raw).not.toContain(secret);

    await expectRefusedEverywhere(rpA, professional);
    await expectAcceptedEverywhere(rpA, privately);
  });

  it('a dedicated-MitID restriction leaves sessions logged in with private MitID alone', async () => {
    const person = new Person(kontekst.url);
    const professional = await logIn(person, rpA, 'jens.hansen', { contextKey: 'professional:cvr:12345674', params: SCOPE });
    receiver.clear();
    const outcome = await revoke([{ type: 'professional', businessUserUuid: BUSINESS_USERS.jensAtTomrer, idp: 'mitid_erhverv' }]);
    expect(outcome.sessionsEnded).toBe(0);
    expect(receiver.received).toEqual([]);
    await expectAcceptedEverywhere(rpA, professional);
    await revoke([{ type: 'professional', businessUserUuid: BUSINESS_USERS.jensAtTomrer }]);
    await expectRefusedEverywhere(rpA, professional);
  });
});

describe('an organisation disconnected: every business user of it', () => {
  it('ends the sessions of several business users in one job', async () => {
    const jens = await logIn(new Person(kontekst.url), rpA, 'jens.hansen', { contextKey: 'professional:cvr:12345674', params: SCOPE });
    const nrJens = await logIn(new Person(kontekst.url), rpB, 'nr-jens', { params: SCOPE });
    receiver.clear();
    const outcome = await revoke([
      { type: 'professional', businessUserUuid: BUSINESS_USERS.jensAtTomrer },
      { type: 'professional', businessUserUuid: BUSINESS_USERS.nrJensAtRevision },
    ]);
    expect(outcome).toEqual({ sessionsEnded: 2, relyingPartiesNotified: 2, relyingPartiesRetrying: 0 });
    await expectLogoutTokenFor(receiver.for('rv-rp-a')[0], rpA, jens);
    await expectLogoutTokenFor(receiver.for('rv-rp-b')[0], rpB, nrJens);
    await expectRefusedEverywhere(rpA, jens);
    await expectRefusedEverywhere(rpB, nrJens);
  });
});

describe('the same business user named twice in one job', () => {
  it('ends the session once and tells each RP once', async () => {
    const person = new Person(kontekst.url);
    const atA = await logIn(person, rpA, 'nr-jens', { params: SCOPE });
    const atB = await logIn(person, rpB, 'nr-jens', { params: SCOPE });
    receiver.clear();
    const outcome = await revoke([
      { type: 'professional', businessUserUuid: BUSINESS_USERS.nrJensAtRevision, onlyClient: 'rv-rp-a' },
      { type: 'professional', businessUserUuid: BUSINESS_USERS.nrJensAtRevision },
    ]);
    expect(outcome).toEqual({ sessionsEnded: 1, relyingPartiesNotified: 2, relyingPartiesRetrying: 0 });
    expect(receiver.received).toHaveLength(2);
    await expectLogoutTokenFor(receiver.for('rv-rp-a')[0], rpA, atA);
    await expectLogoutTokenFor(receiver.for('rv-rp-b')[0], rpB, atB);
    expect(await promptNoneError(person, rpA)).toBe('login_required');
  });
});

describe('an administrator role removed (admin sessions only)', () => {
  it("ends only the named client's part of the session: its logout token, its tokens; the other RP keeps working", async () => {
    const person = new Person(kontekst.url);
    const atA = await logIn(person, rpA, 'nr-jens', { params: SCOPE });
    const adminPart = await logIn(person, rpB, 'nr-jens', { params: SCOPE });
    receiver.clear();

    const outcome = await revoke([{ type: 'professional', businessUserUuid: BUSINESS_USERS.nrJensAtRevision, onlyClient: 'rv-rp-b' }]);
    expect(outcome).toEqual({ sessionsEnded: 1, relyingPartiesNotified: 1, relyingPartiesRetrying: 0 });
    expect(receiver.received).toHaveLength(1);
    await expectLogoutTokenFor(receiver.for('rv-rp-b')[0], rpB, adminPart);
    await expectRefusedEverywhere(rpB, adminPart);
    await expectAcceptedEverywhere(rpA, atA);
    await revoke([{ type: 'professional', businessUserUuid: BUSINESS_USERS.nrJensAtRevision }]);
  });
});

describe('bad targets', () => {
  it('are refused before anything is stored or ended', async () => {
    const before = await kontekst.kontekst.storage.revocationQueue.size();
    await expect(revoke([{ type: 'professional', businessUserUuid: 'not-a-uuid' } as RevocationTarget])).rejects.toThrow();
    await expect(revoke([])).rejects.toThrow();
    expect(await kontekst.kontekst.storage.revocationQueue.size()).toBe(before);
  });
});

describe('a relying party that is down', () => {
  it('gets its logout token on a later attempt (retried with backoff), while the session ends at once', async () => {
    const flaky = await startBackchannelReceiver({ failFirst: 2 });
    const registration = testClient({ client_id: 'rv-rp-flaky', backchannel_logout_uri: flaky.uriFor('flaky') });
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    const other = await startKontekst({ build: { extraClients: [registration] }, logger });
    try {
      const rp = await discoverRp(other.url, registration);
      const login = await logIn(new Person(other.url), rp, 'nr-jens', { params: SCOPE });
      const outcome = await other.kontekst.revocation.endSessionsFor([
        { type: 'professional', businessUserUuid: BUSINESS_USERS.nrJensAtRevision },
      ]);
      expect(outcome).toEqual({ sessionsEnded: 1, relyingPartiesNotified: 0, relyingPartiesRetrying: 1 });
      await expectRefusedEverywhere(rp, login);
      // Backoff 1 s then 2 s; the worker polls every second.
      const [delivery] = await flaky.waitFor(1, 8_000);
      await expectLogoutTokenFor(delivery, rp, login);
      await expect.poll(() => other.kontekst.storage.revocationQueue.size(), { timeout: 3_000 }).toBe(0);

      // Counted and logged by outcome, naming the client only: never the account, sub, sid or token.
      const { body } = await other.kontekst.metrics.render();
      expect(body).toContain('kontekst_revocation_logout_deliveries_total{outcome="retrying"} 2');
      expect(body).toContain('kontekst_revocation_logout_deliveries_total{outcome="delivered"} 1');
      expect(body).toContain('kontekst_revocation_sessions_ended_total 1');
      const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logged).toContainEqual(
        expect.objectContaining({ msg: 'back-channel logout after revocation failed; will retry', clientId: 'rv-rp-flaky', attempts: 1 }),
      );
      expect(logged).toContainEqual(
        expect.objectContaining({ msg: 'back-channel logout delivered after revocation', clientId: 'rv-rp-flaky' }),
      );
      const all = lines.join('\n');
      for (const secret of [
        String(login.claims.sub),
        String(login.claims['sid']),
        delivery!.logoutToken!,
        BUSINESS_USERS.nrJensAtRevision,
        'professional.mitid',
      ]) {
        expect(all).not.toContain(secret);
      }
    } finally {
      await other.close();
      await flaky.close();
    }
  });
});
