// The commands behind the activation, setup and connection pages: an expired link, a setup proof that does not match,
// a preferred means that is not offered, and self-service limited to what the CVR register lists — each changing nothing.
import { describe, expect, it } from 'vitest';
import { createAdminService, type Principal } from '../../src/admin/service.ts';
import { AdminError } from '../../src/admin/errors.ts';
import { demoDirectory } from '../directory/support.ts';

const OPERATOR: Principal = { kind: 'operator', clientId: 'commands-test' };
const BIRGITTE_CPR = '2411851240';
const ANDERS_CPR = '0907781235';
const DAY = 86_400_000;

async function world(start = new Date('2026-11-30T12:00:00Z')) {
  let now = start;
  const directory = await demoDirectory();
  const service = createAdminService({
    directory,
    publicUrl: 'http://localhost:3000',
    now: () => now,
    cvrRegister: {
      organisationsRepresentedBy: async (cpr) =>
        cpr === ANDERS_CPR ? [{ cvr: '31627583', name: 'Kirk & Co. Bogføring ApS', role: 'direktør' }] : [],
    },
  });
  return { service, directory, later: (days: number) => (now = new Date(start.getTime() + days * DAY)) };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof AdminError) return error.code;
    throw error;
  }
}

async function pendingSetup(service: Awaited<ReturnType<typeof world>>['service']) {
  const answer = await service.connectOrganisation(OPERATOR, {
    cvr: '20000007',
    name: 'Ny ApS',
    administrator: { givenName: 'Birgitte', familyName: 'Lund', email: 'b@ny.example', cpr: BIRGITTE_CPR },
  });
  return (answer.administrator.activation as { id: string }).id;
}

const SETUP = {
  privateMitIdAllowed: true,
  allowedMeans: ['app' as const, 'code_display' as const],
  preferredMeans: 'code_display' as const,
  sharedMeansAllowed: false,
  email: 'birgitte@ny.example',
};

describe('activation and setup commands', () => {
  it('reads an activation link as expired after 30 days and refuses it', async () => {
    const { service, later } = await world();
    const answer = await service.connectOrganisation(OPERATOR, {
      cvr: '20000015',
      name: 'Gammel ApS',
      settings: { privateMitIdAllowed: true, allowedMeans: ['app'], sharedMeansAllowed: false, requiredLoa: 'substantial' },
      administrator: { givenName: 'Lise', familyName: 'Dam', email: 'l@gammel.example', birthDate: '1995-12-05' },
    });
    const id = (answer.administrator.activation as { id: string }).id;
    expect((await service.readActivation(id)).state).toBe('issued');
    later(31);
    expect((await service.readActivation(id)).state).toBe('expired');
    expect(await codeOf(service.verifyActivation(id, { kind: 'code', code: (answer as { code: string }).code }))).toBe(
      'invalid_transition',
    );
    expect((await service.directory.userRecord(answer.administrator.uuid as string))?.state).toBe('pending_activation');
  });

  it("sets up only with the named administrator's CPR and an offered preferred means; then the link carries on to activation", async () => {
    const { service, directory } = await world();
    const id = await pendingSetup(service);
    const before = await directory.organisationRecord('20000007');
    expect(await codeOf(service.completeOrganisationSetup(id, { kind: 'private_mitid', cpr: ANDERS_CPR }, SETUP))).toBe('forbidden');
    expect(
      await codeOf(
        service.completeOrganisationSetup(id, { kind: 'private_mitid', cpr: BIRGITTE_CPR }, { ...SETUP, preferredMeans: 'chip' }),
      ),
    ).toBe('means_not_allowed');
    expect(await directory.organisationRecord('20000007')).toEqual(before);
    expect((await service.readActivation(id)).setup).toBe(true);

    const connected = await service.completeOrganisationSetup(id, { kind: 'private_mitid', cpr: BIRGITTE_CPR }, SETUP);
    expect(connected).toMatchObject({ state: 'connected', settings: { allowedMeans: ['code_display', 'app'], privateMitIdAllowed: true } });
    expect((await service.readActivation(id)).setup).toBe(false);
    expect(await codeOf(service.completeOrganisationSetup(id, { kind: 'private_mitid', cpr: BIRGITTE_CPR }, SETUP))).toBe(
      'invalid_transition',
    );
    const active = await service.completeActivation(id, { kind: 'private_mitid', cpr: BIRGITTE_CPR }, { usePrivateMitId: true });
    expect(active).toMatchObject({ state: 'active', roles: ['organisation_administrator'], privateMitIdConsent: 'accepted' });
  });

  it('refuses a dedicated MitID with a means the organisation does not offer', async () => {
    const { service } = await world();
    const id = await pendingSetup(service);
    await service.completeOrganisationSetup(id, { kind: 'private_mitid', cpr: BIRGITTE_CPR }, SETUP);
    const dedicated = { userId: 'birgitte.ny', means: 'chip' as const, mobile: '+4512345678' };
    expect(
      await codeOf(service.completeActivation(id, { kind: 'private_mitid', cpr: BIRGITTE_CPR }, { usePrivateMitId: false, dedicated })),
    ).toBe('means_not_allowed');
  });
});

describe('self-service connection', () => {
  const representative = { cpr: ANDERS_CPR, givenName: 'Anders', familyName: 'Kirk' };

  it('connects only a company the register lists for the person, with the representative as administrator', async () => {
    const { service, directory } = await world();
    expect(await service.representedOrganisations(BIRGITTE_CPR)).toEqual([]);
    expect(
      await codeOf(
        service.connectBySelfService(representative, {
          cvr: '20000007',
          termsAccepted: true,
          administrator: { kind: 'self', email: 'a@kirk.example' },
        }),
      ),
    ).toBe('forbidden');
    expect(await directory.organisationRecord('20000007')).toBeUndefined();

    const answer = await service.connectBySelfService(representative, {
      cvr: '31627583',
      termsAccepted: true,
      administrator: { kind: 'self', email: 'a@kirk.example' },
    });
    expect(answer.organisation).toMatchObject({ state: 'pending_setup', name: 'Kirk & Co. Bogføring ApS' });
    expect(answer.administrator).toMatchObject({ givenName: 'Anders', roles: ['organisation_administrator'] });
    expect(JSON.stringify(await service.listAudit(OPERATOR, '31627583', { limit: 50 }))).not.toContain(ANDERS_CPR);
    expect(await service.representedOrganisations(ANDERS_CPR)).toEqual([
      { cvr: '31627583', name: 'Kirk & Co. Bogføring ApS', role: 'direktør', connected: true },
    ]);
    expect(
      await codeOf(
        service.connectBySelfService(representative, {
          cvr: '31627583',
          termsAccepted: true,
          administrator: { kind: 'self', email: 'a@kirk.example' },
        }),
      ),
    ).toBe('already_exists');
  });
});
