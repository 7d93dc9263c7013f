// Self-service connection over real HTTP: a management representative (private MitID) connects a company the CVR register
// fixture lists for them and names another person as its first administrator; unlisted companies and missing terms are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Person } from '../support/journey.ts';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import type { SimulatorPage } from '../support/simulator-driver.ts';
import { pageOf, privateMitIdFrom } from './support.ts';

const KIRK_BOGFOERING = '31627583';
const BIRGITTE_CPR = '2411851240';

let kontekst: RunningKontekst;

beforeAll(async () => {
  kontekst = await startKontekst();
});
afterAll(async () => {
  await kontekst?.close();
});

async function logInAsRepresentative(person: Person, userId: string): Promise<SimulatorPage> {
  return privateMitIdFrom(person, `${kontekst.url}/connect`, 'connection/start', userId);
}

describe('self-service connection', () => {
  it('connects a company from the CVR register and sends the named administrator the setup link', async () => {
    const person = new Person(kontekst.url);
    const choice = await logInAsRepresentative(person, 'anders.kirk');
    expect(pageOf(choice)).toBe('connection/organisation');
    expect(choice.html).toContain('Kirk &amp; Co. Bogføring ApS');
    expect(choice.html).toContain('Kirk Ejendomme ApS');
    expect(choice.html).not.toContain('0907781235');

    const other = {
      cvr: KIRK_BOGFOERING,
      administrator: 'other',
      givenName: 'Birgitte',
      familyName: 'Lund',
      otherEmail: 'birgitte@kirk.example',
      cpr: BIRGITTE_CPR,
    };
    const noTerms = await person.kontekst.submit(choice, 'organisation-form', { fields: other });
    expect(noTerms.status).toBe(400);
    // A company the register does not list for Anders is refused, nothing stored.
    const unlisted = await person.kontekst.submit(choice, 'organisation-form', { fields: { ...other, cvr: '20000007', terms: 'yes' } });
    expect(unlisted.status).toBe(403);
    expect(await kontekst.kontekst.admin.directory.organisationRecord('20000007')).toBeUndefined();

    const summary = await person.kontekst.submit(choice, 'organisation-form', { fields: { ...other, terms: 'yes' } });
    expect(pageOf(summary)).toBe('connection/summary');
    const done = await person.kontekst.submit(summary, 'confirm-form');
    expect(done.status).toBe(200);
    expect(done.html).toContain('birgitte@kirk.example');
    const organisation = await kontekst.kontekst.admin.directory.organisationRecord(KIRK_BOGFOERING);
    expect(organisation).toMatchObject({ state: 'pending_setup', name: 'Kirk & Co. Bogføring ApS' });
    const [administrator] = await kontekst.kontekst.admin.directory.userRecordsOf(KIRK_BOGFOERING);
    expect(administrator).toMatchObject({
      givenName: 'Birgitte',
      roles: ['organisation_administrator'],
      state: 'pending_activation',
      identity: { kind: 'cpr', cprMasked: '241185-XXXX' },
    });

    // Connecting it again is refused: it is in the directory now.
    const again = await logInAsRepresentative(new Person(kontekst.url), 'anders.kirk');
    expect(again.html).toContain('disabled');
  });

  it('tells a person the register lists for nothing that there is nothing to connect', async () => {
    const page = await logInAsRepresentative(new Person(kontekst.url), 'peter.nielsen');
    expect(pageOf(page)).toBe('connection/organisation');
    expect(page.forms.find((form) => form.id === 'organisation-form')).toBeUndefined();
  });

  it('answers a forged form with a 403 page', async () => {
    const person = new Person(kontekst.url);
    await person.kontekst.open(`${kontekst.url}/connect`);
    const forged = await person.kontekst.post(`${kontekst.url}/connect/mitid`, { csrf: 'forged' });
    expect(forged.status).toBe(403);
  });
});
