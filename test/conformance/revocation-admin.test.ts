// Revocation triggered by real administration commands: the admin service's SessionTerminator port is the revocation service.
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
const OPERATOR = { kind: 'operator' as const, clientId: 'revocation-test-operator' };
const JENS_AS_ADMINISTRATOR = { kind: 'business_user' as const, uuid: BUSINESS_USERS.jensAtTomrer };

let world: RevocationWorld;
let kontekst: RunningKontekst;
let receiver: BackchannelReceiver;
let rpA: TestRp;
let rpB: TestRp;

beforeAll(async () => {
  world = await startRevocationWorld(['rva-rp-a', 'rva-rp-b']);
  ({ kontekst, receiver } = world);
  [rpA, rpB] = [world.rps['rva-rp-a']!, world.rps['rva-rp-b']!];
});
afterAll(() => world?.close());
beforeEach(() => receiver.clear());

describe('an organisation disallowing private MitID (organisation administrator, organisations.settings)', () => {
  it("ends its users' sessions: logout tokens for the professional context; the person's private session stays", async () => {
    const privately = await logIn(new Person(kontekst.url), rpB, 'jens.hansen', {
      contextKey: 'private',
      params: { scope: 'openid offline_access', prompt: 'consent' },
    });
    const person = new Person(kontekst.url);
    const atA = await logIn(person, rpA, 'jens.hansen', { contextKey: 'professional:cvr:12345674', params: SCOPE });
    const atB = await logIn(person, rpB, 'jens.hansen', { params: SCOPE });
    expect(atB.claims['identity_type']).toBe('professional');
    receiver.clear();

    await kontekst.kontekst.admin.updateSettings(JENS_AS_ADMINISTRATOR, '12345674', { privateMitIdAllowed: false });

    await receiver.waitFor(2);
    await expectLogoutTokenFor(receiver.for('rva-rp-a')[0], rpA, atA);
    await expectLogoutTokenFor(receiver.for('rva-rp-b')[0], rpB, atB);
    expect(receiver.received).toHaveLength(2);
    await expectRefusedEverywhere(rpA, atA);
    await expectRefusedEverywhere(rpB, atB);
    await expectAcceptedEverywhere(rpB, privately);
  });
});

describe('an organisation disconnected (operator, organisations.disconnect)', () => {
  it('ends the sessions of its business users and tells their relying parties', async () => {
    const person = new Person(kontekst.url);
    const atA = await logIn(person, rpA, 'nr-jens', { params: SCOPE });
    receiver.clear();

    await kontekst.kontekst.admin.disconnectOrganisation(OPERATOR, '34567891');

    await receiver.waitFor(1);
    await expectLogoutTokenFor(receiver.for('rva-rp-a')[0], rpA, atA);
    await expectRefusedEverywhere(rpA, atA);
  });
});
