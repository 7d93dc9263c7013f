// A business user's own triggers: private-MitID consent withdrawn, own dedicated means blocked (its own world: both are final).
import { describe, expect, it } from 'vitest';
import { Person } from '../support/journey.ts';
import { logIn } from './logout-support.ts';
import {
  BUSINESS_USERS,
  expectAcceptedEverywhere,
  expectLogoutTokenFor,
  expectRefusedEverywhere,
  useRevocationWorld,
} from './revocation-support.ts';

const SCOPE = { scope: 'openid professional offline_access', prompt: 'consent' };
const JENS = { kind: 'business_user' as const, uuid: BUSINESS_USERS.jensAtTomrer };
const SOFIE = { kind: 'business_user' as const, uuid: '2a8c3fd9-4165-45c9-8b9c-d9d6e5f9ddcc' };
const SOFIE_SHARED_MITID = '1117a08b-5a1b-44d6-9e89-71dd2eb5a79c';

const live = useRevocationWorld(['rvc-rp-a', 'rvc-rp-b']);

describe('private-MitID consent withdrawn (the business user themselves, withdrawPrivateMitIdConsent)', () => {
  it("ends the professional sessions logged in with private MitID and counts them; the person's private session stays", async () => {
    const privately = await logIn(new Person(live.kontekst.url), live.rp('rvc-rp-b'), 'jens.hansen', {
      contextKey: 'private',
      params: { scope: 'openid offline_access', prompt: 'consent' },
    });
    const atA = await logIn(new Person(live.kontekst.url), live.rp('rvc-rp-a'), 'jens.hansen', {
      contextKey: 'professional:cvr:12345674',
      params: SCOPE,
    });
    live.receiver.clear();

    const answer = await live.kontekst.kontekst.admin.withdrawPrivateMitIdConsent(JENS);

    expect(answer).toMatchObject({ privateMitIdConsent: 'withdrawn', revocation: { sessionsEnded: 1, relyingPartiesNotified: 1 } });
    await live.receiver.waitFor(1);
    await expectLogoutTokenFor(live.receiver.for('rvc-rp-a')[0], live.rp('rvc-rp-a'), atA);
    expect(live.receiver.received).toHaveLength(1);
    await expectRefusedEverywhere(live.rp('rvc-rp-a'), atA);
    await expectAcceptedEverywhere(live.rp('rvc-rp-b'), privately);
    // Final: nothing is left to withdraw, and the next login offers no professional context.
    await expect(live.kontekst.kontekst.admin.withdrawPrivateMitIdConsent(JENS)).rejects.toMatchObject({ code: 'invalid_transition' });
    const again = await logIn(new Person(live.kontekst.url), live.rp('rvc-rp-b'), 'jens.hansen', { params: SCOPE });
    expect(again.claims['identity_type']).toBe('private');
  });

  it("is refused to the operator: it is the business user's own choice", async () => {
    await expect(live.kontekst.kontekst.admin.withdrawPrivateMitIdConsent({ kind: 'operator', clientId: 'x' })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});

describe('a dedicated means blocked by its own user (blockOwnMeans)', () => {
  it("ends her dedicated-MitID sessions in every organisation sharing the user ID, each logout token with that context's sub", async () => {
    const atNordisk = await logIn(new Person(live.kontekst.url), live.rp('rvc-rp-a'), 'sofie.berg', {
      contextKey: 'professional:cvr:34567891',
      params: SCOPE,
    });
    const atHavnen = await logIn(new Person(live.kontekst.url), live.rp('rvc-rp-b'), 'sofie.berg', {
      contextKey: 'professional:cvr:29876541',
      params: SCOPE,
    });
    live.receiver.clear();
    // Her means as a user administrator sees them (nr-jens, given that role here) to pick one she does not log in with.
    const nrJens = { kind: 'business_user' as const, uuid: BUSINESS_USERS.nrJensAtRevision };
    await live.kontekst.kontekst.admin.grantRole(nrJens, '34567891', nrJens.uuid, 'user_administrator');
    const { dedicatedMitIds } = await live.kontekst.kontekst.admin.listMeans(nrJens, '34567891', SOFIE.uuid);
    const blockable = dedicatedMitIds[0]!.means.find((item) => item.type !== 'app')!.type;

    const answer = await live.kontekst.kontekst.admin.blockOwnMeans(SOFIE, SOFIE_SHARED_MITID, blockable);

    expect(answer.revocation).toEqual({ sessionsEnded: 2, relyingPartiesNotified: 2 });
    await live.receiver.waitFor(2);
    await expectLogoutTokenFor(live.receiver.for('rvc-rp-a')[0], live.rp('rvc-rp-a'), atNordisk);
    await expectLogoutTokenFor(live.receiver.for('rvc-rp-b')[0], live.rp('rvc-rp-b'), atHavnen);
    await expectRefusedEverywhere(live.rp('rvc-rp-a'), atNordisk);
    await expectRefusedEverywhere(live.rp('rvc-rp-b'), atHavnen);
    const audit = await live.kontekst.kontekst.admin.directory.auditEvents('org:34567891', 0, 1000);
    expect(audit.at(-1)).toMatchObject({ action: 'self.means.block', actor: { uuid: SOFIE.uuid } });
  });
});
