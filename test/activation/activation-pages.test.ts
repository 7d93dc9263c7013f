// The activation pages over real HTTP with the simulator: private MitID with a matching CPR, a mismatch, the code with three
// tries, a dedicated MitID with the SMS code from the outbox, a forged form and a reused link.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/admin/service.ts';
import { authorizationRequest, discoverRp, loginAt, offeredContexts, Person, testClient } from '../support/journey.ts';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import { formBody } from '../support/browser/test-browser.ts';
import { completeSimulatorLogin, type SimulatorPage } from '../support/simulator-driver.ts';

const OPERATOR: Principal = { kind: 'operator', clientId: 'activation-test' };
const PETER_CPR = '1702901243';
const BIRGITTE_CPR = '2411851240';
const SETTINGS = {
  privateMitIdAllowed: true,
  allowedMeans: ['app' as const, 'code_display' as const],
  sharedMeansAllowed: false,
  requiredLoa: 'substantial' as const,
};

const RP = testClient({ client_id: 'activation-rp' });
let kontekst: RunningKontekst;

beforeAll(async () => {
  kontekst = await startKontekst({ build: { extraClients: [RP] } });
});
afterAll(async () => {
  await kontekst?.close();
});

async function connect(
  cvr: string,
  administrator: { givenName: string; familyName: string; email: string; cpr?: string; birthDate?: string },
) {
  const answer = await kontekst.kontekst.admin.connectOrganisation(OPERATOR, {
    cvr,
    name: `Firma ${cvr} ApS`,
    settings: SETTINGS,
    administrator,
  });
  return {
    activationId: (answer.administrator.activation as { id: string }).id,
    uuid: answer.administrator.uuid as string,
    code: (answer as { code?: string }).code,
  };
}

async function user(uuid: string) {
  return kontekst.kontekst.admin.directory.userRecord(uuid);
}

/** The page's view name (`data-page`, e.g. activation/start). */
function pageOf(page: SimulatorPage): string | undefined {
  return /data-page="([\w/-]+)"/.exec(page.html)?.[1];
}

/** Opens the link, presses "confirm with private MitID", logs in at the simulator, and lands back on Kontekst's page. */
async function confirmWithPrivateMitId(person: Person, activationId: string, userId: string): Promise<SimulatorPage> {
  const start = await person.kontekst.open(`${kontekst.url}/activation/${activationId}`);
  expect(pageOf(start)).toBe('activation/start');
  // Sent, not followed: the simulator lives under the same origin, and the MitID steps drive it from here.
  const form = start.forms.find((candidate) => candidate.id === 'mitid-form')!;
  const toMitId = await person.kontekst.send(new URL(form.action), { method: 'POST', ...formBody(form.fields) });
  expect(toMitId.location?.pathname).toContain('/mitid-sim/');
  const { callbackUrl } = await completeSimulatorLogin(toMitId.location!, { userId, means: 'code_display', browser: person.simulator });
  return person.kontekst.open(callbackUrl);
}

type StoredMessage = { messageId: string; channel: string; to: unknown; text: string };

/** The message the delivery worker wrote to the development file outbox, found by `matches`. */
async function delivered(matches: (message: StoredMessage) => boolean): Promise<StoredMessage> {
  const dir = kontekst.config.outbox.dir;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const text = await readFile(join(dir, name), 'utf8').catch(() => '');
      const stored = text ? (JSON.parse(text) as { message: StoredMessage }) : undefined;
      if (stored && matches(stored.message)) return stored.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('no such message was delivered');
}

async function smsCodeFor(mobile: string): Promise<string> {
  const sms = await delivered((message) => message.channel === 'sms' && message.to === mobile);
  return /\b(\d{6})\b/.exec(sms.text)![1]!;
}

describe('activation with private MitID', () => {
  it('activates a CPR user whose private MitID matches, recording consent to private MitID', async () => {
    const { activationId, uuid } = await connect('20000007', {
      givenName: 'Peter',
      familyName: 'Nielsen',
      email: 'peter@firma.dk',
      cpr: PETER_CPR,
    });
    // The activation e-mail reaches the development outbox, and its viewer shows the link.
    const email = await delivered((message) => message.channel === 'email' && message.text.includes(`/activation/${activationId}`));
    expect(email.text).not.toContain(PETER_CPR);
    expect(await (await fetch(`${kontekst.url}/dev/outbox/${email.messageId}`)).text()).toContain(
      `${kontekst.url}/activation/${activationId}`,
    );
    const person = new Person(kontekst.url);
    const choose = await confirmWithPrivateMitId(person, activationId, 'peter.nielsen');
    expect(pageOf(choose)).toBe('activation/choose');
    const receipt = await person.kontekst.submit(choose, 'private-form');
    expect(pageOf(receipt)).toBe('activation/receipt');
    const after = await user(uuid);
    expect(after?.state).toBe('active');
    expect(after?.privateMitIdConsent).toBe('accepted');
    // The link is used up: opening it again explains so, and nothing changes.
    const again = await person.kontekst.open(`${kontekst.url}/activation/${activationId}`);
    expect(again.status).toBe(410);
    expect((await user(uuid))?.version).toBe(after?.version);
  });

  it('refuses a private MitID whose CPR does not match, with nothing changed', async () => {
    const { activationId, uuid } = await connect('20000015', {
      givenName: 'Birgitte',
      familyName: 'Lund',
      email: 'birgitte@firma.dk',
      cpr: BIRGITTE_CPR,
    });
    const before = await user(uuid);
    const refused = await confirmWithPrivateMitId(new Person(kontekst.url), activationId, 'peter.nielsen');
    expect(refused.status).toBe(403);
    expect(refused.name).toBe('error');
    expect(refused.html).not.toContain(PETER_CPR);
    expect(await user(uuid)).toEqual(before);
  });
});

describe('activation with the code and a dedicated MitID', () => {
  it('counts a wrong code, then issues a dedicated MitID after the SMS code, and the new user ID can log in', async () => {
    const { activationId, uuid, code } = await connect('20000023', {
      givenName: 'Lise',
      familyName: 'Dam',
      email: 'lise@firma.dk',
      birthDate: '1995-12-05',
    });
    expect(code).toMatch(/^\d{8}$/);
    const person = new Person(kontekst.url);
    const start = await person.kontekst.open(`${kontekst.url}/activation/${activationId}`);
    const wrong = await person.kontekst.submit(start, 'code-form', { fields: { code: code === '00000000' ? '11111111' : '00000000' } });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('2');
    const choose = await person.kontekst.submit(wrong, 'code-form', { fields: { code: code! } });
    expect(pageOf(choose)).toBe('activation/choose');

    const sms = await person.kontekst.submit(choose, 'dedicated-form', {
      fields: { userId: 'lise.firma', means: 'code_display', mobile: '+4512340023' },
    });
    expect(pageOf(sms)).toBe('activation/sms');
    const wrongSms = await person.kontekst.submit(sms, 'sms-form', { fields: { code: '000000' } });
    const smsCode = await smsCodeFor('+4512340023');
    const receipt = await person.kontekst.submit(smsCode === '000000' ? sms : wrongSms, 'sms-form', { fields: { code: smsCode } });
    expect(pageOf(receipt)).toBe('activation/receipt');
    expect(receipt.html).toContain('lise.firma');
    const after = await user(uuid);
    expect(after?.state).toBe('active');
    expect(after?.dedicatedMitIds).toHaveLength(1);
    expect(after?.dedicatedMitIds[0]?.means).toEqual([{ type: 'code_display', state: 'active' }]);

    // The new user ID logs in at the simulator at once, and a relying party is offered the organisation.
    const rp = await discoverRp(kontekst.url, RP);
    const request = await authorizationRequest(rp, { scope: 'openid professional', prompt: 'select_account' });
    const stop = await loginAt(new Person(kontekst.url), request.url, { userId: 'lise.firma', means: 'code_display' });
    expect(offeredContexts(stop)).toEqual(['professional:cvr:20000023']);
  });

  it('locks the activation after three wrong codes', async () => {
    const { activationId, uuid, code } = await connect('20000031', {
      givenName: 'Lone',
      familyName: 'Berg',
      email: 'lone@firma.dk',
      birthDate: '1990-01-01',
    });
    const wrongCode = code === '12345678' ? '87654321' : '12345678';
    const person = new Person(kontekst.url);
    let page = await person.kontekst.open(`${kontekst.url}/activation/${activationId}`);
    for (let i = 0; i < 2; i += 1) {
      page = await person.kontekst.submit(page, 'code-form', { fields: { code: wrongCode } });
      expect(page.status).toBe(400);
    }
    const locked = await person.kontekst.submit(page, 'code-form', { fields: { code: wrongCode } });
    expect(locked.status).toBe(403);
    expect((await user(uuid))?.activation?.state).toBe('locked');
    // The right code no longer helps.
    const late = await new Person(kontekst.url).kontekst.open(`${kontekst.url}/activation/${activationId}`);
    expect(late.status).toBe(410);
    expect((await user(uuid))?.state).toBe('pending_activation');
  });

  it('answers a forged form (no or wrong CSRF token) with a 403 page and changes nothing', async () => {
    const { activationId, uuid, code } = await connect('20000058', {
      givenName: 'Ole',
      familyName: 'Sø',
      email: 'ole@firma.dk',
      birthDate: '1985-06-06',
    });
    const person = new Person(kontekst.url);
    await person.kontekst.open(`${kontekst.url}/activation/${activationId}`);
    const before = await user(uuid);
    const forged = await person.kontekst.post(`${kontekst.url}/activation/${activationId}/code`, { code: code!, csrf: 'forged' });
    expect(forged.status).toBe(403);
    expect(await user(uuid)).toEqual(before);
    const elsewhere = await new Person(kontekst.url).kontekst.post(`${kontekst.url}/activation/${activationId}/private`, { csrf: 'x' });
    expect(elsewhere.status).toBe(400);
    expect(await user(uuid)).toEqual(before);
  });
});
