// The administration service's commands directly: setup without settings, activation completion and its code lock,
// blocking a means, narrowing settings ending sessions, and imports that never overwrite.
import { describe, expect, it } from 'vitest';
import { AdminError } from '../../src/admin/errors.ts';
import { SEED_ACTOR } from '../../src/admin/seed.ts';
import { loadDirectoryWorld } from '../../src/directory/world.ts';
import { DEMO_WORLD_FILE } from '../directory/demo-fixtures.ts';
import { adminApiHarness, HAVNEN, JENS_TOEMRER, TOEMRER } from './support.ts';

const OPERATOR = { kind: 'operator', clientId: 'test' } as const;
const JENS = { kind: 'business_user', uuid: JENS_TOEMRER } as const;
const person = { givenName: 'Ny', familyName: 'Person', email: 'ny@example.dk' };

async function refusal(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (error) {
    if (error instanceof AdminError) return error.code;
    throw error;
  }
  return 'none';
}

describe('admin service', () => {
  it('connects without settings as pending_setup with a setup link; the first settings connect it', async () => {
    const { service, directory } = await adminApiHarness();
    const answer = await service.connectOrganisation(OPERATOR, {
      cvr: '10000009',
      name: 'Ny ApS',
      administrator: { ...person, birthDate: '1990-01-01' },
    });
    expect(answer.organisation.state).toBe('pending_setup');
    expect(answer.organisation.setupExpiresAt).toBeDefined();
    expect('code' in answer && answer.code).toMatch(/^\d{8}$/);
    expect((await directory.outboxMessages('org:10000009')).map((message) => message.kind)).toEqual(['setup_link']);
    expect((await directory.getOrganisation('10000009'))?.status).toBe('disconnected');
  });

  it('lets the first administrator of a pending_setup organisation choose its settings (the wizard), which connects it', async () => {
    const { service } = await adminApiHarness();
    const answer = await service.connectOrganisation(OPERATOR, {
      cvr: '10000009',
      name: 'Ny ApS',
      administrator: { ...person, cpr: '0101901234' },
    });
    const administrator = { kind: 'business_user', uuid: answer.administrator.uuid as string } as const;
    const activationId = (answer.administrator.activation as { id: string }).id;
    // Before the activation the named administrator cannot act; afterwards only the settings, until connected.
    expect(await refusal(service.updateSettings(administrator, '10000009', { privateMitIdAllowed: true }))).toBe('forbidden');
    await service.completeActivation(activationId, { kind: 'private_mitid', cpr: '0101901234' }, { usePrivateMitId: false });
    expect(await refusal(service.listUsers(administrator, '10000009', { limit: 10 }))).toBe('forbidden');
    const connected = await service.updateSettings(administrator, '10000009', { privateMitIdAllowed: true, allowedMeans: ['app'] });
    expect(connected).toMatchObject({ state: 'connected', settings: { privateMitIdAllowed: true, allowedMeans: ['app'] } });
    expect(connected.setupExpiresAt).toBeUndefined();
    expect((await service.listUsers(administrator, '10000009', { limit: 10 })).items).toHaveLength(1);
  });

  it('activates a CPR user with private MitID only when the CPR matches, and offers it afterwards', async () => {
    const { service, directory } = await adminApiHarness();
    const created = await service.createUser(JENS, TOEMRER, { ...person, cpr: '0101901234' });
    const issued = await service.issueActivation(JENS, TOEMRER, created.uuid as string);
    const activationId = (issued.user.activation as { id: string }).id;
    expect(
      await refusal(service.completeActivation(activationId, { kind: 'private_mitid', cpr: '0101901235' }, { usePrivateMitId: true })),
    ).toBe('forbidden');
    expect((await directory.findBusinessUsersByPersonCpr('0101901234')).map((user) => user.status)).toEqual(['pending']);
    const active = await service.completeActivation(activationId, { kind: 'private_mitid', cpr: '0101901234' }, { usePrivateMitId: true });
    expect(active).toMatchObject({ state: 'active', privateMitIdConsent: 'accepted' });
    expect((await directory.findBusinessUsersByPersonCpr('0101901234'))[0]).toMatchObject({
      status: 'active',
      acceptedPrivateMitId: true,
      personCpr: '0101901234',
    });
    // A used link is no longer open: it finds nothing.
    expect(
      await refusal(service.completeActivation(activationId, { kind: 'private_mitid', cpr: '0101901234' }, { usePrivateMitId: true })),
    ).toBe('not_found');
  });

  it('locks a code activation after three wrong codes', async () => {
    const { service, directory } = await adminApiHarness();
    const created = await service.createUser(JENS, TOEMRER, { ...person, birthDate: '1990-01-01' });
    const issued = await service.issueActivation(JENS, TOEMRER, created.uuid as string);
    const activationId = (issued.user.activation as { id: string }).id;
    const wrong = issued.code === '00000000' ? '00000001' : '00000000';
    for (let i = 0; i < 3; i++)
      expect(await refusal(service.completeActivation(activationId, { kind: 'code', code: wrong }, { usePrivateMitId: false }))).toBe(
        'forbidden',
      );
    expect((await directory.userRecord(created.uuid as string))?.activation?.state).toBe('locked');
    expect(await refusal(service.completeActivation(activationId, { kind: 'code', code: issued.code! }, { usePrivateMitId: false }))).toBe(
      'not_found',
    );
  });

  it('blocks a dedicated means (final), ends the sessions and stops offering a user ID with no active means', async () => {
    const h = await adminApiHarness();
    const sofie = '2a8c3fd9-4165-45c9-8b9c-d9d6e5f9ddcc';
    const mitid = '1117a08b-5a1b-44d6-9e89-71dd2eb5a79c';
    const nordiskAdmin = { kind: 'business_user', uuid: 'dd4ae5da-30aa-48d4-b816-e6275e03d22d' } as const;
    // Jens is Nordisk Revision's organisation administrator: he appoints himself user administrator first.
    await h.service.grantRole(nordiskAdmin, '34567891', nordiskAdmin.uuid, 'user_administrator');
    const means = await h.service.listMeans(nordiskAdmin, '34567891', sofie);
    for (const item of means.dedicatedMitIds[0]!.means) await h.service.blockMeans(nordiskAdmin, '34567891', sofie, mitid, item.type);
    expect(await refusal(h.service.blockMeans(nordiskAdmin, '34567891', sofie, mitid, 'app'))).toBe('invalid_transition');
    expect(h.endedSessions.filter((target) => target.businessUserUuid === sofie).length).toBe(means.dedicatedMitIds[0]!.means.length);
    expect((await h.directory.getBusinessUser(sofie))?.dedicatedMitIdUuids).toEqual([]);
    expect((await h.directory.outboxMessages('org:34567891')).filter((message) => message.kind === 'means_blocked')).toHaveLength(
      means.dedicatedMitIds[0]!.means.length,
    );
  });

  it("ends the sessions of the organisation's users when its settings disallow private MitID", async () => {
    const h = await adminApiHarness();
    await h.service.updateSettings(JENS, TOEMRER, { sharedMeansAllowed: true });
    expect(h.endedSessions).toEqual([]);
    await h.service.updateSettings(JENS, TOEMRER, { privateMitIdAllowed: false });
    expect(h.endedSessions.map((target) => target.businessUserUuid)).toContain(JENS_TOEMRER);
  });

  it('imports only what is missing: an organisation administrators changed stays as they left it', async () => {
    const h = await adminApiHarness();
    await h.service.disconnectOrganisation(OPERATOR, HAVNEN);
    const report = await h.service.importDirectory(SEED_ACTOR, await loadDirectoryWorld(DEMO_WORLD_FILE));
    expect(report).toMatchObject({ organisationsImported: 0, organisationsSkipped: 3, usersImported: 0, rightsImported: 0 });
    expect((await h.directory.organisationRecord(HAVNEN))?.state).toBe('disconnected');
  });
});
