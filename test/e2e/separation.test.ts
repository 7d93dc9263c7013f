// Separation, proven: demo world × both contexts × scope sets, asserted on every surface a relying party sees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { decodeJwt } from 'jose';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import {
  Person,
  abort,
  authorizationRequest,
  choose,
  describe as describeStop,
  discoverRp,
  follow,
  loginAt,
  redeem,
  testClient,
  type TestRp,
} from '../support/journey.ts';
import { ALL_SCOPES, DEMO_LOGINS, EXPECTED_CONTEXTS, PRIVATE_IDENTIFIERS } from '../support/demo-people.ts';
import { createLogger } from '../../src/observability/logger.ts';

const RESOURCE = 'https://api.digital-post.example';
const FORBIDDEN_IN_PROFESSIONAL = ['dk.cpr', 'mitid.uuid', 'birthdate'];

let kontekst: RunningKontekst;
let rp: TestRp;
const logLines: string[] = [];
const registration = testClient({ client_id: 'separation-rp', entitlements: ['cpr', 'mitid'] });

beforeAll(async () => {
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void logLines.push(line) } });
  kontekst = await startKontekst({ build: { extraClients: [registration] }, logger });
  rp = await discoverRp(kontekst.url, registration);
});
afterAll(() => kontekst.close());

/** Every surface of one login, as the relying party sees them. */
interface Surfaces {
  idToken: Record<string, unknown>;
  userinfo: Record<string, unknown>;
  introspection: Record<string, unknown>;
  refreshIdToken: Record<string, unknown>;
  refreshUserinfo: Record<string, unknown>;
  refreshIntrospection: Record<string, unknown>;
  jwtAccessToken: Record<string, unknown>;
}

async function loginInContext(userId: string, contextKey: string, scope: string): Promise<Surfaces> {
  const person = new Person(kontekst.url);
  const request = await authorizationRequest(rp, { scope, prompt: 'consent select_account' });
  let stop = await loginAt(person, request.url, DEMO_LOGINS[userId]);
  stop = await choose(person, stop, contextKey);
  if (stop.kind !== 'callback') throw new Error(describeStop(stop));
  const tokens = await redeem(rp, request, stop.callbackUrl);
  const idToken = tokens.claims()! as Record<string, unknown>;
  const userinfo = (await client.fetchUserInfo(rp.config, tokens.access_token, String(idToken['sub']))) as Record<string, unknown>;
  const introspection = (await client.tokenIntrospection(rp.config, tokens.access_token)) as Record<string, unknown>;
  if (!tokens.refresh_token) throw new Error('no refresh token');
  const refreshed = await client.refreshTokenGrant(rp.config, tokens.refresh_token);
  const refreshIdToken = refreshed.claims()! as Record<string, unknown>;
  const refreshUserinfo = (await client.fetchUserInfo(rp.config, refreshed.access_token, String(idToken['sub']))) as Record<
    string,
    unknown
  >;
  const refreshIntrospection = (await client.tokenIntrospection(rp.config, refreshed.refresh_token!)) as Record<string, unknown>;

  // The same session, now for the resource server: a JWT access token (RFC 9068), validated locally by resource servers.
  const apiRequest = await authorizationRequest(rp, { scope: `${scope} mail:read`, resource: RESOURCE });
  const apiStop = await follow(person, apiRequest.url);
  if (apiStop.kind !== 'callback') throw new Error(describeStop(apiStop));
  const apiTokens = await client.authorizationCodeGrant(
    rp.config,
    apiStop.callbackUrl,
    { pkceCodeVerifier: apiRequest.codeVerifier, expectedState: apiRequest.state, expectedNonce: apiRequest.nonce },
    { resource: RESOURCE },
  );
  const jwtAccessToken = decodeJwt(apiTokens.access_token) as Record<string, unknown>;
  return { idToken, userinfo, introspection, refreshIdToken, refreshUserinfo, refreshIntrospection, jwtAccessToken };
}

const SCOPE_SETS = { all: ALL_SCOPES, minimal: 'openid offline_access' };
const subs = new Map<string, string>();
const cases = Object.entries(EXPECTED_CONTEXTS).flatMap(([userId, keys]) =>
  keys.flatMap((key) => Object.entries(SCOPE_SETS).map(([setName, scope]) => ({ userId, key, setName, scope }))),
);

describe.each(cases)('$userId as $key with $setName scopes', ({ userId, key, scope }) => {
  it('carries only its own context on every surface', async () => {
    const surfaces = await loginInContext(userId, key, scope);
    const type = key.split(':')[0];
    const sub = surfaces.idToken['sub'];
    expect(typeof sub).toBe('string');
    subs.set(`${userId}|${key}`, String(sub));

    for (const [surface, claims] of Object.entries(surfaces)) {
      const keys = Object.keys(claims);
      if (type === 'private') {
        expect(
          keys.filter((name) => name.startsWith('professional')),
          `${surface}`,
        ).toEqual([]);
      } else {
        expect(
          keys.filter((name) => FORBIDDEN_IN_PROFESSIONAL.includes(name)),
          `${surface}`,
        ).toEqual([]);
        const person = PRIVATE_IDENTIFIERS[userId as keyof typeof PRIVATE_IDENTIFIERS];
        if (person) {
          const serialized = JSON.stringify(claims);
          for (const value of Object.values(person)) expect(serialized, `${surface} leaks a private identifier`).not.toContain(value);
        }
      }
      if ('identity_type' in claims) expect(claims['identity_type'], surface).toBe(type);
      if ('sub' in claims) expect(claims['sub'], `${surface} sub`).toBe(sub);
    }
    expect(surfaces.introspection['active']).toBe(true);
    // The granted scope names only what the context can serve.
    const granted = String(surfaces.introspection['scope']).split(' ');
    const foreign = type === 'private' ? ['email', 'professional', 'privileges'] : ['cpr', 'mitid'];
    expect(granted.filter((name) => foreign.includes(name))).toEqual([]);
    expect(granted).toContain('openid');
    expect(surfaces.refreshIntrospection['active']).toBe(true);
    expect(surfaces.jwtAccessToken['aud']).toBe(RESOURCE);
  });
});

describe('unlinkability', () => {
  it('gives the same human a different sub in each context, stable across logins', () => {
    const jensPrivate = subs.get('jens.hansen|private');
    const jensProfessional = subs.get('jens.hansen|professional:cvr:12345674');
    expect(jensPrivate).toBeDefined();
    expect(jensProfessional).toBeDefined();
    expect(jensPrivate).not.toBe(jensProfessional);
    const sofieA = subs.get('sofie.berg|professional:cvr:29876541');
    const sofieB = subs.get('sofie.berg|professional:cvr:34567891');
    expect(sofieA).not.toBe(sofieB);
    // Each case ran twice (two scope sets): the sub is stable per context, so the map holds one value per context.
    expect(new Set(subs.values()).size).toBe(subs.size);
  });

  it('gives different subs to relying parties in different sectors', async () => {
    const other = testClient({ client_id: 'other-sector-rp', redirect_uris: ['https://other.example/cb'] });
    const second = await startKontekst({ build: { extraClients: [registration, other] } });
    try {
      const rpA = await discoverRp(second.url, registration);
      const rpB = await discoverRp(second.url, other);
      const person = new Person(second.url);
      const a = await authorizationRequest(rpA, { login_hint: 'private' });
      const stopA = await loginAt(person, a.url, DEMO_LOGINS['mette.larsen']);
      const b = await authorizationRequest(rpB, { login_hint: 'private' });
      const stopB = await follow(person, b.url);
      if (stopA.kind !== 'callback' || stopB.kind !== 'callback') throw new Error('expected callbacks');
      const subA = (await redeem(rpA, a, stopA.callbackUrl)).claims()!.sub;
      const subB = (await redeem(rpB, b, stopB.callbackUrl)).claims()!.sub;
      expect(subA).not.toBe(subB);
    } finally {
      await second.close();
    }
  });
});

describe('error pages', () => {
  it('the no-context page and the error it sends carry no private identifier', async () => {
    const person = new Person(kontekst.url);
    const request = await authorizationRequest(rp, { login_hint: 'professional:cvr:34567891' });
    const stop = await loginAt(person, request.url, DEMO_LOGINS['jens.hansen']);
    if (stop.kind !== 'page') throw new Error('expected the no-context page');
    const back = await abort(person, stop);
    const texts = [stop.page.html, back.kind === 'callback' ? back.callbackUrl.href : ''];
    for (const text of texts) {
      for (const value of Object.values(PRIVATE_IDENTIFIERS['jens.hansen'])) expect(text).not.toContain(value);
      expect(text).not.toContain('3240a090-fde3-4e45-8018-edbecd0706b7');
    }
  });

  it('a forged chooser submission gets an error page with nothing of the person on it', async () => {
    const person = new Person(kontekst.url);
    const request = await authorizationRequest(rp);
    const stop = await loginAt(person, request.url, DEMO_LOGINS['jens.hansen']);
    if (stop.kind !== 'page' || stop.page.name !== 'chooser') throw new Error(describeStop(stop));
    const form = stop.page.forms.find((candidate) => candidate.action.pathname.endsWith('/choose'))!;
    const forged = await person.kontekst.post(form.action, { ...form.fields, context: 'professional:cvr:34567891' });
    expect(forged.status).toBe(400);
    expect(forged.name).toBe('error');
    for (const value of Object.values(PRIVATE_IDENTIFIERS['jens.hansen'])) expect(forged.html).not.toContain(value);
    expect(forged.html).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('logs', () => {
  it('never carry a CPR number, a MitID UUID of a person, a token or a code', () => {
    expect(logLines.length).toBeGreaterThan(0);
    const all = logLines.join('\n');
    for (const person of Object.values(PRIVATE_IDENTIFIERS)) {
      expect(all).not.toContain(person.cpr);
      expect(all).not.toContain(person.mitidUuid);
    }
    expect(all).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\./); // no JWT
  });
});
