// The setup link over real HTTP: the named administrator proves who they are with private MitID, fills the wizard, confirms,
// and the organisation is connected with them as its administrator; a CPR mismatch at setup changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/admin/service.ts';
import { Person } from '../support/journey.ts';
import { formBody } from '../support/browser/test-browser.ts';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import { completeSimulatorLogin, type SimulatorPage } from '../support/simulator-driver.ts';

const OPERATOR: Principal = { kind: 'operator', clientId: 'setup-test' };
const BIRGITTE_CPR = '2411851240';

let kontekst: RunningKontekst;

beforeAll(async () => {
  kontekst = await startKontekst();
});
afterAll(async () => {
  await kontekst?.close();
});

function pageOf(page: SimulatorPage): string | undefined {
  return /data-page="([\w/-]+)"/.exec(page.html)?.[1];
}

/** The operator connects without settings: the organisation waits for its administrator's setup link. */
async function connectPending(cvr: string) {
  const answer = await kontekst.kontekst.admin.connectOrganisation(OPERATOR, {
    cvr,
    name: `Opsætning ${cvr} ApS`,
    administrator: { givenName: 'Birgitte', familyName: 'Lund', email: 'birgitte@opsaetning.dk', cpr: BIRGITTE_CPR },
  });
  return { activationId: (answer.administrator.activation as { id: string }).id, uuid: answer.administrator.uuid as string };
}

async function proveWithPrivateMitId(person: Person, activationId: string, userId: string): Promise<SimulatorPage> {
  const start = await person.kontekst.open(`${kontekst.url}/activation/${activationId}`);
  expect(pageOf(start)).toBe('activation/start');
  const form = start.forms.find((candidate) => candidate.id === 'mitid-form')!;
  const toMitId = await person.kontekst.send(new URL(form.action), { method: 'POST', ...formBody(form.fields) });
  const { callbackUrl } = await completeSimulatorLogin(toMitId.location!, { userId, means: 'code_display', browser: person.simulator });
  return person.kontekst.open(callbackUrl);
}

describe('the setup link of the first organisation administrator', () => {
  it('walks proof, wizard, summary and confirm: the organisation is connected and its administrator active', async () => {
    const { activationId, uuid } = await connectPending('20000066');
    const person = new Person(kontekst.url);
    const wizard = await proveWithPrivateMitId(person, activationId, 'birgitte.lund');
    expect(pageOf(wizard)).toBe('activation/setup');
    // A preferred means that is not offered is refused with the form again, nothing stored.
    const invalid = await person.kontekst.submit(wizard, 'setup-form', {
      fields: {
        privateMitIdAllowed: 'yes',
        sharedMeansAllowed: 'no',
        allowedMeans: 'app',
        preferredMeans: 'chip',
        email: 'birgitte@opsaetning.dk',
      },
    });
    expect(invalid.status).toBe(400);
    expect((await kontekst.kontekst.admin.directory.organisationRecord('20000066'))?.state).toBe('pending_setup');

    // No allowed means at all: the form comes back.
    const noMeans = await person.kontekst.post(`${kontekst.url}/activation/${activationId}/setup`, {
      csrf: wizard.forms.find((form) => form.id === 'setup-form')!.fields['csrf']!,
      privateMitIdAllowed: 'yes',
      sharedMeansAllowed: 'no',
      preferredMeans: 'code_display',
      email: 'birgitte.lund@opsaetning.dk',
      phone: '+4522334455',
    } as Record<string, string>);
    expect(noMeans.status).toBe(400);
    // Two ticked checkboxes, as a browser sends them: the same field twice.
    const body = new URLSearchParams({
      csrf: wizard.forms.find((form) => form.id === 'setup-form')!.fields['csrf']!,
      privateMitIdAllowed: 'yes',
      sharedMeansAllowed: 'no',
      preferredMeans: 'code_display',
      email: 'birgitte.lund@opsaetning.dk',
      phone: '+4522334455',
    });
    body.append('allowedMeans', 'app');
    body.append('allowedMeans', 'code_display');
    const summaryResponse = await person.kontekst.follow(new URL(`${kontekst.url}/activation/${activationId}/setup`), {
      method: 'POST',
      body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(summaryResponse.status).toBe(200);
    expect(summaryResponse.html).toContain('data-page="activation/setup-summary"');
    // Until confirmed, the administrator's own activation waits behind the wizard.
    const notYet = await person.kontekst.open(`${kontekst.url}/activation/${activationId}/choose`);
    expect(pageOf(notYet)).toBe('activation/setup');

    const csrf = /name="csrf" value="([^"]+)"/.exec(summaryResponse.html)![1]!;
    const choose = await person.kontekst.post(`${kontekst.url}/activation/${activationId}/setup/confirm`, { csrf });
    expect(pageOf(choose)).toBe('activation/choose');
    const organisation = await kontekst.kontekst.admin.directory.organisationRecord('20000066');
    expect(organisation?.state).toBe('connected');
    expect(organisation?.settings).toMatchObject({
      privateMitIdAllowed: true,
      sharedMeansAllowed: false,
      allowedMeans: ['code_display', 'app'],
    });

    const receipt = await person.kontekst.submit(choose, 'private-form');
    expect(pageOf(receipt)).toBe('activation/receipt');
    const administrator = await kontekst.kontekst.admin.directory.userRecord(uuid);
    expect(administrator).toMatchObject({
      state: 'active',
      roles: ['organisation_administrator'],
      email: 'birgitte.lund@opsaetning.dk',
      privateMitIdConsent: 'accepted',
    });
  });

  it('refuses a private MitID whose CPR does not match the named administrator, with nothing changed', async () => {
    const { activationId, uuid } = await connectPending('20000074');
    const before = await kontekst.kontekst.admin.directory.organisationRecord('20000074');
    const refused = await proveWithPrivateMitId(new Person(kontekst.url), activationId, 'peter.nielsen');
    expect(refused.status).toBe(403);
    expect(await kontekst.kontekst.admin.directory.organisationRecord('20000074')).toEqual(before);
    expect((await kontekst.kontekst.admin.directory.userRecord(uuid))?.state).toBe('pending_activation');
  });
});
