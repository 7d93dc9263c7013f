// The choice is bound to its interaction: replayed, forged and stale submissions are refused and nothing is issued.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import {
  Person,
  authorizationRequest,
  choose,
  describe as describeStop,
  discoverRp,
  loginAt,
  testClient,
  type TestRp,
} from '../support/journey.ts';
import { DEMO_LOGINS } from '../support/demo-people.ts';

let kontekst: RunningKontekst;
let rp: TestRp;
const registration = testClient({ client_id: 'integrity-rp' });

beforeAll(async () => {
  kontekst = await startKontekst({ build: { extraClients: [registration] } });
  rp = await discoverRp(kontekst.url, registration);
});
afterAll(() => kontekst.close());

async function atChooser(person: Person) {
  const request = await authorizationRequest(rp);
  const stop = await loginAt(person, request.url, DEMO_LOGINS['jens.hansen']);
  if (stop.kind !== 'page' || stop.page.name !== 'chooser') throw new Error(describeStop(stop));
  const form = stop.page.forms.find((candidate) => candidate.action.pathname.endsWith('/choose'))!;
  return { stop, form };
}

describe('chooser submissions', () => {
  it('a replayed submission is refused after the first one succeeded', async () => {
    const person = new Person(kontekst.url);
    const { stop, form } = await atChooser(person);
    const first = await choose(person, stop, 'private');
    expect(first.kind, describeStop(first)).toBe('callback');
    const replay = await person.kontekst.post(form.action, { ...form.fields, context: 'private' });
    expect(replay.callbackUrl).toBeUndefined();
    expect(replay.status).toBe(400);
    expect(replay.name).toBe('error');
  });

  it('a wrong anti-forgery token is refused and ends the attempt', async () => {
    const person = new Person(kontekst.url);
    const { form } = await atChooser(person);
    const forged = await person.kontekst.post(form.action, { ...form.fields, csrf: 'x'.repeat(32), context: 'private' });
    expect(forged.status).toBe(400);
    expect(forged.callbackUrl).toBeUndefined();
    const retry = await person.kontekst.post(form.action, { ...form.fields, context: 'private' });
    expect(retry.callbackUrl).toBeUndefined();
  });

  it('a submission for another interaction is refused (the interaction cookie decides)', async () => {
    const alice = new Person(kontekst.url);
    const bob = new Person(kontekst.url);
    const a = await atChooser(alice);
    await atChooser(bob);
    // Bob posts Alice's form (URL and token) with his own cookies.
    const crossed = await bob.kontekst.post(a.form.action, { ...a.form.fields, context: 'private' });
    expect(crossed.callbackUrl).toBeUndefined();
    expect(crossed.status).toBe(400);
  });

  it('a malformed body is refused with a page, not a stack trace', async () => {
    const person = new Person(kontekst.url);
    const { form } = await atChooser(person);
    const bad = await person.kontekst.post(form.action, { context: '' });
    expect(bad.status).toBe(400);
    expect(bad.html).not.toMatch(/Error:|\.ts:\d+/);
  });

  it('an unknown interaction is an expired-login page', async () => {
    const person = new Person(kontekst.url);
    const page = await person.kontekst.post(`${kontekst.url}/interaction/unknown-interaction-id/choose`, { csrf: 'x', context: 'private' });
    expect(page.status).toBe(400);
    expect(page.name).toBe('error');
  });

  it("a callback from MitID without Kontekst's binding cookie is refused", async () => {
    const stranger = new Person(kontekst.url);
    const page = await stranger.kontekst.open(`${kontekst.url}/login/mitid/callback?code=abc&state=def`);
    expect(page.status).toBe(400);
    expect(page.name).toBe('error');
  });
});
