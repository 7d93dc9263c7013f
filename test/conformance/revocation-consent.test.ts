// Private-MitID consent withdrawn by the business user: the sessions logged in with private MitID end (its own world: withdrawal is final).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningKontekst } from '../support/kontekst.ts';
import { Person, type TestRp } from '../support/journey.ts';
import type { BackchannelReceiver } from '../support/backchannel-receiver.ts';
import { logIn } from './logout-support.ts';
import {
  BUSINESS_USERS,
  expectAcceptedEverywhere,
  expectLogoutTokenFor,
  expectRefusedEverywhere,
  startRevocationWorld,
  type RevocationWorld,
} from './revocation-support.ts';

const SCOPE = { scope: 'openid professional offline_access', prompt: 'consent' };
const JENS = { kind: 'business_user' as const, uuid: BUSINESS_USERS.jensAtTomrer };

let world: RevocationWorld;
let kontekst: RunningKontekst;
let receiver: BackchannelReceiver;
let rpA: TestRp;
let rpB: TestRp;

beforeAll(async () => {
  world = await startRevocationWorld(['rvc-rp-a', 'rvc-rp-b']);
  ({ kontekst, receiver } = world);
  [rpA, rpB] = [world.rps['rvc-rp-a']!, world.rps['rvc-rp-b']!];
});
afterAll(() => world?.close());
beforeEach(() => receiver.clear());

describe('private-MitID consent withdrawn (the business user themselves, withdrawPrivateMitIdConsent)', () => {
  it("ends the professional sessions logged in with private MitID and counts them; the person's private session stays", async () => {
    const privately = await logIn(new Person(kontekst.url), rpB, 'jens.hansen', {
      contextKey: 'private',
      params: { scope: 'openid offline_access', prompt: 'consent' },
    });
    const atA = await logIn(new Person(kontekst.url), rpA, 'jens.hansen', { contextKey: 'professional:cvr:12345674', params: SCOPE });
    receiver.clear();

    const answer = await kontekst.kontekst.admin.withdrawPrivateMitIdConsent(JENS);

    expect(answer).toMatchObject({ privateMitIdConsent: 'withdrawn', revocation: { sessionsEnded: 1, relyingPartiesNotified: 1 } });
    await receiver.waitFor(1);
    await expectLogoutTokenFor(receiver.for('rvc-rp-a')[0], rpA, atA);
    expect(receiver.received).toHaveLength(1);
    await expectRefusedEverywhere(rpA, atA);
    await expectAcceptedEverywhere(rpB, privately);
    // Final: nothing is left to withdraw, and the next login offers no professional context.
    await expect(kontekst.kontekst.admin.withdrawPrivateMitIdConsent(JENS)).rejects.toMatchObject({ code: 'invalid_transition' });
    const again = await logIn(new Person(kontekst.url), rpB, 'jens.hansen', { params: SCOPE });
    expect(again.claims['identity_type']).toBe('private');
  });

  it("is refused to the operator: it is the business user's own choice", async () => {
    await expect(kontekst.kontekst.admin.withdrawPrivateMitIdConsent({ kind: 'operator', clientId: 'x' })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
