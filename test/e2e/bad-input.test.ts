// Input a client can send never gets a 500: repeated parameters, oversized forms, bad registration URIs, a wrong-browser callback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueInitialAccessToken } from '../../src/oidc/registration.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import {
  Person,
  authorizationRequest,
  choose,
  describe as describeStop,
  discoverRp,
  follow,
  loginAt,
  testClient,
  type TestRp,
} from '../support/journey.ts';
import { completeSimulatorLogin } from '../support/simulator-driver.ts';
import { DEMO_LOGINS } from '../support/demo-people.ts';
import { minimalMetadata, register } from '../cli/support/registration.ts';

let kontekst: RunningKontekst;
let rp: TestRp;
const lines: string[] = [];
const registration = testClient({ client_id: 'bad-input-rp' });

beforeAll(async () => {
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } });
  kontekst = await startKontekst({ build: { extraClients: [registration] }, logger });
  rp = await discoverRp(kontekst.url, registration);
});
afterAll(() => kontekst.close());

async function atChooser(person: Person) {
  const stop = await loginAt(person, (await authorizationRequest(rp)).url, DEMO_LOGINS['jens.hansen']);
  if (stop.kind !== 'page' || stop.page.name !== 'chooser') throw new Error(describeStop(stop));
  return stop.page;
}

const errorLines = (): string[] => lines.filter((line) => /"level":50/.test(line));

describe('repeated query parameters', () => {
  it('get a 400 page on the chooser, the MitID callback and a chooser submission, and no error log', async () => {
    const person = new Person(kontekst.url);
    const chooser = await atChooser(person);
    const before = errorLines().length;
    const context = await person.kontekst.open(`${chooser.url.href}?ui_locales=en&ui_locales=da`);
    expect(context.status).toBe(400);
    expect(context.name).toBe('error');
    const callback = await person.kontekst.open(`${kontekst.url}/login/mitid/callback?ui_locales=en&ui_locales=da&state=a&state=b`);
    expect(callback.status).toBe(400);
    const form = chooser.forms.find((candidate) => candidate.action.pathname.endsWith('/choose'))!;
    const posted = await person.kontekst.post(`${form.action.href}?ui_locales=en&ui_locales=da`, { ...form.fields, context: 'private' });
    expect(posted.status).toBe(400);
    expect(posted.callbackUrl).toBeUndefined();
    expect(errorLines().slice(before)).toEqual([]);
  });
});

describe('form bodies over 16 kB', () => {
  it('get a 413 page on the chooser, consent and abort forms', async () => {
    const person = new Person(kontekst.url);
    const chooser = await atChooser(person);
    const base = chooser.url.href.replace(/\/context$/, '');
    for (const step of ['/choose', '/consent', '/abort']) {
      const page = await person.kontekst.post(`${base}${step}`, { csrf: 'x', filler: 'x'.repeat(17 * 1024) });
      expect(page.status, step).toBe(413);
      expect(page.name).toBe('error');
      expect(page.html).not.toMatch(/node_modules|\.ts:\d+/);
    }
    expect(lines.join('\n')).not.toMatch(/"stack"/);
  });
});

describe('/reg with redirect_uris that are not URLs', () => {
  it.each([[['not a url']], [[1]], [[null]], [['https://ok.example/cb', {}]]])(
    '%j is invalid_redirect_uri, not a 500',
    async (redirectUris) => {
      const { token } = await issueInitialAccessToken(kontekst.kontekst.provider, { expiresInSeconds: 600 });
      const refused = await register(kontekst.url, token, minimalMetadata({ redirect_uris: redirectUris }));
      expect(refused.status).toBe(400);
      expect(['invalid_redirect_uri', 'invalid_client_metadata']).toContain(refused.body['error']);
      expect(String(refused.body['error_description'])).toContain('redirect_uris');
    },
  );

  it('post_logout_redirect_uris with a non-URL is invalid_client_metadata', async () => {
    const { token } = await issueInitialAccessToken(kontekst.kontekst.provider, { expiresInSeconds: 600 });
    const refused = await register(kontekst.url, token, minimalMetadata({ post_logout_redirect_uris: [42] }));
    expect(refused.status).toBe(400);
    expect(refused.body['error']).toBe('invalid_client_metadata');
  });
});

describe('a MitID callback opened in the wrong browser', () => {
  it('is refused and leaves the rightful browser able to finish', async () => {
    const alice = new Person(kontekst.url);
    const mallory = new Person(kontekst.url);
    const atMitId = await follow(alice, (await authorizationRequest(rp)).url);
    if (atMitId.kind !== 'page') throw new Error(describeStop(atMitId));
    const { callbackUrl } = await completeSimulatorLogin(atMitId.page.url, { ...DEMO_LOGINS['jens.hansen']!, browser: alice.simulator });
    // Mallory has a login of her own under way (so her browser carries an upstream binding cookie).
    await follow(mallory, (await authorizationRequest(rp)).url);
    const refused = await mallory.kontekst.open(callbackUrl);
    expect(refused.status).toBe(400);
    expect(refused.name).toBe('error');
    const finished = await follow(alice, callbackUrl);
    expect(finished.kind === 'page' ? finished.page.name : 'callback').toBe('chooser');
    expect((await choose(alice, finished, 'private')).kind).toBe('callback');
  });
});
