// Redis stops in the middle of logins: Kontekst fails closed (503 page, OIDC temporarily_unavailable), stays up, heals itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { loadConfig } from '../../src/config/index.ts';
import { buildKontekst } from '../../src/bootstrap.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import {
  Person,
  authorizationRequest,
  choose,
  describe as describeStop,
  discoverRp,
  loginAt,
  redeem,
  testClient,
  type AuthorizationRequest,
  type JourneyStop,
  type TestRp,
} from '../support/journey.ts';
import { DEMO_LOGINS, PRIVATE_IDENTIFIERS } from '../support/demo-people.ts';
import { SHARED_TEST_KEYS } from '../support/keys-dir.ts';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.ts';

const registration = testClient({ client_id: 'faults-rp' });
const SCOPE = { scope: 'openid profile professional offline_access', prompt: 'consent select_account' };
const JENS = PRIVATE_IDENTIFIERS['jens.hansen'];

let redis: RedisServerHandle;
let kontekst: RunningKontekst;
let rp: TestRp;

beforeAll(async () => {
  // Append-only file with fsync on every write: a restart keeps the data, as production persistence would.
  redis = await startRedisServer({ extraArgs: ['--appendonly', 'yes', '--appendfsync', 'always'] });
  kontekst = await startKontekst({
    env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'faults', REDIS_COMMAND_TIMEOUT_MS: '300', REDIS_MAX_RECONNECT_DELAY_MS: '100' },
    build: { extraClients: [registration] },
  });
  rp = await discoverRp(kontekst.url, registration);
});

afterAll(async () => {
  await kontekst?.close();
  await redis?.stop();
});

/** jens.hansen logged in at MitID and standing on Kontekst's chooser. */
async function atChooser(): Promise<{ person: Person; request: AuthorizationRequest; chooser: JourneyStop }> {
  const person = new Person(kontekst.url);
  const request = await authorizationRequest(rp, SCOPE);
  const chooser = await loginAt(person, request.url, DEMO_LOGINS['jens.hansen']);
  if (chooser.kind !== 'page' || chooser.page.name !== 'chooser') throw new Error(`${describeStop(chooser)}: ${textOf(chooser)}`);
  return { person, request, chooser };
}

/** The visible text of a page, for failure messages. */
function textOf(stop: JourneyStop): string {
  return stop.kind === 'page'
    ? stop.page.html
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .slice(0, 600)
    : '';
}

async function tokenRequest(
  fields: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown>; retryAfter: string | null }> {
  const response = await fetch(`${kontekst.url}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${registration.client_id}:${registration.client_secret}`).toString('base64')}`,
    },
    body: new URLSearchParams(fields).toString(),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    retryAfter: response.headers.get('retry-after'),
  };
}

function codeOf(stop: JourneyStop): string {
  if (stop.kind !== 'callback') throw new Error(describeStop(stop));
  return stop.callbackUrl.searchParams.get('code') ?? `no code: ${stop.callbackUrl.search}`;
}

async function waitUntilReady(timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if ((await fetch(`${kontekst.url}/readyz`)).status === 200) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`not ready ${timeoutMs} ms after Redis returned`);
}

describe('Kontekst on Redis while Redis stops and restarts', () => {
  it('fails closed during the outage, stays up, and finishes the interrupted logins once Redis is back', async () => {
    // Before the outage: a finished login (tokens), one waiting on the chooser, one with an unredeemed code.
    const finished = await atChooser();
    const finishedTokens = await redeem(
      rp,
      finished.request,
      ((await choose(finished.person, finished.chooser, 'private')) as { callbackUrl: URL }).callbackUrl,
    );
    expect(finishedTokens.refresh_token).toEqual(expect.any(String));
    const waiting = await atChooser();
    const unredeemed = await atChooser();
    const unredeemedStop = await choose(unredeemed.person, unredeemed.chooser, 'professional:cvr:12345674');
    const code = codeOf(unredeemedStop);

    await redis.stop();

    // Readiness says "take me out of the load balancer"; liveness says "do not restart me".
    const ready = await fetch(`${kontekst.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not_ready', checks: { storage: false } });
    expect((await fetch(`${kontekst.url}/healthz`)).status).toBe(200);

    // The person on the chooser gets a clear 503 page: no stack, nothing of the person.
    const refused = await choose(waiting.person, waiting.chooser, 'private');
    expect(refused.kind).toBe('page');
    if (refused.kind !== 'page') return;
    expect(refused.page.status).toBe(503);
    expect(refused.page.headers.get('content-type')).toMatch(/text\/html/);
    expect(refused.page.html).toMatch(/temporarily unavailable|midlertidigt utilgængelig/i);
    for (const leak of ['at ', 'Error:', 'ECONNREFUSED', 'ioredis', JENS.cpr, JENS.mitidUuid])
      expect(refused.page.html).not.toContain(leak);

    // A new login cannot start either, and says so instead of hanging or crashing.
    const fresh = await fetch((await authorizationRequest(rp, SCOPE)).url, { redirect: 'manual' });
    const freshAnswer =
      fresh.status === 303 || fresh.status === 302
        ? new URL(fresh.headers.get('location')!).searchParams.get('error')
        : String(fresh.status);
    expect(['temporarily_unavailable', '503']).toContain(freshAnswer);

    // The token endpoint answers the retryable OIDC error for both grants; nothing is issued.
    const redeemDuringOutage = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: rp.redirectUri,
      code_verifier: unredeemed.request.codeVerifier,
    });
    expect(redeemDuringOutage).toMatchObject({ status: 503, body: { error: 'temporarily_unavailable' } });
    expect(redeemDuringOutage.body).not.toHaveProperty('access_token');
    const refreshDuringOutage = await tokenRequest({ grant_type: 'refresh_token', refresh_token: finishedTokens.refresh_token! });
    expect(refreshDuringOutage).toMatchObject({ status: 503, body: { error: 'temporarily_unavailable' } });

    // Userinfo too (its access token is opaque, so it needs Redis to be checked).
    const userinfo = await fetch(`${kontekst.url}/me`, { headers: { authorization: `Bearer ${finishedTokens.access_token}` } });
    expect(userinfo.status).toBe(503);
    expect(`${userinfo.headers.get('www-authenticate')} ${await userinfo.text()}`).toContain('temporarily_unavailable');

    await redis.restart();
    // The client reconnects by itself (back-off capped at 100 ms here); no restart of Kontekst.
    expect(await waitUntilReady(5000)).toBeLessThan(5000);

    // The person presses the button again: the login continues where it stopped.
    const resumed = await choose(waiting.person, waiting.chooser, 'private');
    const resumedTokens = await redeem(rp, waiting.request, (resumed as { callbackUrl: URL }).callbackUrl);
    expect(resumedTokens.claims()).toMatchObject({ identity_type: 'private' });

    // The code that could not be redeemed during the outage was not spent by the failed attempt: it works once.
    const late = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: rp.redirectUri,
      code_verifier: unredeemed.request.codeVerifier,
    });
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });
    const again = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: rp.redirectUri,
      code_verifier: unredeemed.request.codeVerifier,
    });
    expect(again).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    // The session from before the outage still refreshes.
    const refreshed = await client.refreshTokenGrant(rp.config, finishedTokens.refresh_token!);
    expect(refreshed.claims()).toMatchObject({ identity_type: 'private' });
  });
});

describe('Kontekst starting while Redis is unreachable', () => {
  it('refuses to start (no traffic without storage) instead of serving from nowhere', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      KEYS_DIR: SHARED_TEST_KEYS,
      REDIS_URL: `redis://127.0.0.1:${redis.port + 1}`,
      REDIS_CONNECT_TIMEOUT_MS: '400',
    });
    const started = Date.now();
    await expect(buildKontekst(config, silentLogger())).rejects.toThrow(/Redis not ready/);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
