// Mirrors the OpenID Foundation's back-channel logout certification module; a professional session's token carries the professional sub only.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { decodeProtectedHeader } from 'jose';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import { Person, authorizationRequest, discoverRp, testClient, type TestRp } from '../support/journey.ts';
import { PRIVATE_IDENTIFIERS } from '../support/demo-people.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { observeLogout } from '../../src/oidc/logout.ts';
import { startBackchannelReceiver, type BackchannelReceiver } from '../support/backchannel-receiver.ts';
import {
  BACKCHANNEL_EVENT,
  LOGOUT_TOKEN_CLAIMS,
  answerLogout,
  logIn,
  openLogout,
  promptNoneError,
  verifyLogoutToken,
} from './logout-support.ts';

let kontekst: RunningKontekst;
let receiver: BackchannelReceiver;
let rpA: TestRp;
let rpB: TestRp;
let rpPlain: TestRp;
let rpPrivateOnly: TestRp;

beforeAll(async () => {
  receiver = await startBackchannelReceiver();
  const a = testClient({ client_id: 'bc-rp-a', backchannel_logout_uri: receiver.uriFor('bc-rp-a') });
  const b = testClient({ client_id: 'bc-rp-b', backchannel_logout_uri: receiver.uriFor('bc-rp-b') });
  const plain = testClient({ client_id: 'bc-rp-plain' });
  const privateOnly = testClient({
    client_id: 'bc-rp-private-only',
    identity_types: ['private'],
    backchannel_logout_uri: receiver.uriFor('bc-rp-private-only'),
  });
  kontekst = await startKontekst({ build: { extraClients: [a, b, plain, privateOnly] } });
  rpA = await discoverRp(kontekst.url, a);
  rpB = await discoverRp(kontekst.url, b);
  rpPlain = await discoverRp(kontekst.url, plain);
  rpPrivateOnly = await discoverRp(kontekst.url, privateOnly);
});
afterAll(async () => {
  await kontekst?.close();
  await receiver?.close();
});
beforeEach(() => receiver.clear());

async function userinfoWorks(rp: TestRp, accessToken: string, sub: string): Promise<boolean> {
  try {
    await client.fetchUserInfo(rp.config, accessToken, sub);
    return true;
  } catch {
    return false;
  }
}

describe('back-channel logout (OpenID Connect Back-Channel Logout 1.0)', () => {
  it('discovery advertises back-channel logout with sid', () => {
    const metadata = rpA.config.serverMetadata();
    expect(metadata['backchannel_logout_supported']).toBe(true);
    expect(metadata['backchannel_logout_session_supported']).toBe(true);
  });

  it('oidcc-backchannel-rp-initiated-logout: a signed logout token to every client of the session, sub/sid of its ID token, no nonce', async () => {
    const person = new Person(kontekst.url);
    const atA = await logIn(person, rpA, 'mette.larsen');
    const atB = await logIn(person, rpB, 'mette.larsen');
    const atPlain = await logIn(person, rpPlain, 'mette.larsen');
    expect(receiver.received).toHaveLength(0);

    const page = await openLogout(person, rpA, {
      id_token_hint: atA.idToken,
      post_logout_redirect_uri: 'https://rp.example/',
      state: 'bc',
    });
    const after = await answerLogout(person, page, 'yes');
    expect(after.callbackUrl?.searchParams.get('state')).toBe('bc');
    await receiver.waitFor(2);

    for (const [name, rp, login] of [
      ['bc-rp-a', rpA, atA],
      ['bc-rp-b', rpB, atB],
    ] as const) {
      const deliveries = receiver.for(name);
      expect(deliveries, name).toHaveLength(1);
      const delivery = deliveries[0]!;
      expect(delivery.contentType).toBe('application/x-www-form-urlencoded');
      expect(delivery.otherFields).toEqual([]);

      const { payload, header } = await verifyLogoutToken(delivery.logoutToken!, rp);
      expect(header['typ']).toBe('logout+jwt');
      expect(header['kid']).toBe(decodeProtectedHeader(login.idToken).kid);
      expect(payload.iss).toBe(login.claims.iss);
      expect(payload.aud).toBe(name);
      expect(payload.sub).toBe(login.claims.sub);
      expect(payload['sid']).toBe(login.claims['sid']);
      expect(typeof payload['sid']).toBe('string');
      expect(payload['events']).toEqual({ [BACKCHANNEL_EVENT]: {} });
      expect(payload).not.toHaveProperty('nonce');
      expect(typeof payload.jti).toBe('string');
      expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(120);
      expect(Object.keys(payload).sort()).toEqual(LOGOUT_TOKEN_CLAIMS);
    }
    // A client without backchannel_logout_uri gets nothing, and each token is unique.
    expect(receiver.received).toHaveLength(2);
    expect(receiver.for('bc-rp-a')[0]!.logoutToken).not.toBe(receiver.for('bc-rp-b')[0]!.logoutToken);

    // The session and every grant of it ended: no silent login, and the other clients' tokens stopped working.
    expect(await promptNoneError(person, rpA)).toBe('login_required');
    expect(await userinfoWorks(rpB, atB.accessToken, String(atB.claims.sub))).toBe(false);
    expect(await userinfoWorks(rpPlain, atPlain.accessToken, String(atPlain.claims.sub))).toBe(false);
  });

  it('a logout token is signed with a key the JWKS serves, and a changed token fails verification', async () => {
    const person = new Person(kontekst.url);
    const login = await logIn(person, rpA, 'karen.holm');
    await answerLogout(person, await openLogout(person, rpA, { id_token_hint: login.idToken }), 'yes');
    const [delivery] = await receiver.waitFor(1);
    const token = delivery!.logoutToken!;
    await expect(verifyLogoutToken(token, rpA)).resolves.toBeDefined();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const changed = Buffer.from(payload, 'base64url')
      .toString()
      .replace(/"sub":"[^"]+"/, '"sub":"someone-else"');
    await expect(verifyLogoutToken(`${header}.${Buffer.from(changed).toString('base64url')}.${signature}`, rpA)).rejects.toThrow();
    // The token is for its audience only.
    await expect(verifyLogoutToken(token, rpB)).rejects.toThrow();
  });

  it('a relying party that fails to accept the token does not stop the logout', async () => {
    const failing = await startBackchannelReceiver({ status: 500 });
    const registration = testClient({ client_id: 'bc-rp-failing', backchannel_logout_uri: failing.uriFor('failing') });
    const other = await startKontekst({ build: { extraClients: [registration] } });
    const lines: string[] = [];
    observeLogout(
      other.kontekst.provider,
      createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } }),
    );
    try {
      const rp = await discoverRp(other.url, registration);
      const person = new Person(other.url);
      const login = await logIn(person, rp, 'mette.larsen');
      const after = await answerLogout(
        person,
        await openLogout(person, rp, { id_token_hint: login.idToken, post_logout_redirect_uri: 'https://rp.example/' }),
        'yes',
      );
      expect(after.callbackUrl?.href).toBe('https://rp.example/');
      expect(failing.received).toHaveLength(1);
      expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toContainEqual(
        expect.objectContaining({ msg: 'back-channel logout failed', clientId: 'bc-rp-failing' }),
      );
      expect(await promptNoneError(person, rp)).toBe('login_required');
    } finally {
      await other.close();
      await failing.close();
    }
  });
});

describe('back-channel logout of a professional session', () => {
  it('carries the professional pairwise sub only: never the private sub, nor any private identifier', async () => {
    // The same human's private sub at the same client, from a separate browser.
    const privately = await logIn(new Person(kontekst.url), rpA, 'jens.hansen', { contextKey: 'private' });
    expect(privately.claims['identity_type']).toBe('private');

    const person = new Person(kontekst.url);
    const professional = await logIn(person, rpA, 'jens.hansen', {
      contextKey: 'professional:cvr:12345674',
      params: { scope: 'openid professional' },
    });
    const alsoProfessional = await logIn(person, rpB, 'jens.hansen', { params: { scope: 'openid professional' } });
    expect(professional.claims['identity_type']).toBe('professional');
    expect(alsoProfessional.claims['identity_type']).toBe('professional');
    expect(professional.claims.sub).not.toBe(privately.claims.sub);
    receiver.clear();

    await answerLogout(person, await openLogout(person, rpA, { id_token_hint: professional.idToken }), 'yes');
    await receiver.waitFor(2);

    for (const [name, rp, login] of [
      ['bc-rp-a', rpA, professional],
      ['bc-rp-b', rpB, alsoProfessional],
    ] as const) {
      const delivery = receiver.for(name)[0]!;
      const { payload } = await verifyLogoutToken(delivery.logoutToken!, rp);
      expect(payload.sub).toBe(login.claims.sub);
      expect(payload['sid']).toBe(login.claims['sid']);
      expect(payload.sub).not.toBe(privately.claims.sub);
      expect(Object.keys(payload).sort()).toEqual(LOGOUT_TOKEN_CLAIMS);
      const raw = Buffer.from(delivery.logoutToken!.split('.')[1]!, 'base64url').toString();
      const jens = PRIVATE_IDENTIFIERS['jens.hansen'];
      for (const secret of [jens.cpr, jens.mitidUuid, jens.birthdate, String(privately.claims.sub), 'private']) {
        expect(raw).not.toContain(secret);
      }
    }
  });
});

describe('only clients that took part in the session are told', () => {
  it('a private-only client that merely started a login during a professional session gets no logout token', async () => {
    const person = new Person(kontekst.url);
    const professional = await logIn(person, rpA, 'jens.hansen', { contextKey: 'professional:cvr:12345674' });
    expect(professional.claims['identity_type']).toBe('professional');

    // The professional session does not suit the private-only client: it sends the person to log in again
    // (an interaction), and the person walks away before finishing.
    const url = (await authorizationRequest(rpPrivateOnly)).url;
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: person.kontekst.jar.header(url) ?? '' } });
    person.kontekst.jar.store(url, response.headers.getSetCookie());
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get('location')!, url).pathname).toMatch(/^\/interaction\//);

    await answerLogout(person, await openLogout(person, rpA, { id_token_hint: professional.idToken }), 'yes');
    await receiver.waitFor(1);
    expect(receiver.for('bc-rp-a')).toHaveLength(1);
    expect(receiver.for('bc-rp-private-only')).toEqual([]);
    expect(receiver.received).toHaveLength(1);
  });
});

describe('logging of logouts', () => {
  it('names the client and the outcome, never the account, sub, sid or token', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    observeLogout(kontekst.kontekst.provider, logger);

    const person = new Person(kontekst.url);
    const login = await logIn(person, rpA, 'jens.hansen', { contextKey: 'private' });
    await answerLogout(person, await openLogout(person, rpA, { id_token_hint: login.idToken }), 'yes');
    const [delivery] = await receiver.waitFor(1);

    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(expect.objectContaining({ msg: 'back-channel logout delivered', clientId: 'bc-rp-a' }));
    expect(logged).toContainEqual(expect.objectContaining({ msg: 'session ended' }));
    const all = lines.join('\n');
    const jens = PRIVATE_IDENTIFIERS['jens.hansen'];
    for (const secret of [
      String(login.claims.sub),
      String(login.claims['sid']),
      delivery!.logoutToken!,
      jens.mitidUuid,
      jens.cpr,
      'private.mitid',
    ]) {
      expect(all).not.toContain(secret);
    }
  });
});
