// Rate limits: failed client authentication per client and per source, failed initial access tokens, new logins per source;
// 429 with Retry-After, shared across processes on Redis, counted in metrics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import { testClient } from '../support/journey.ts';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.ts';

const alpha = testClient({ client_id: 'rl-alpha' });
const beta = testClient({ client_id: 'rl-beta' });
const postClient = testClient({ client_id: 'rl-post', token_endpoint_auth_method: 'client_secret_post' });

const LIMITS = {
  TRUST_PROXY: 'true',
  RATE_LIMIT_CLIENT_AUTH_PER_CLIENT: '3/60',
  RATE_LIMIT_CLIENT_AUTH_PER_IP: '5/60',
  RATE_LIMIT_REGISTRATION_PER_IP: '2/60',
  RATE_LIMIT_LOGINS_PER_IP: '3/60',
};

function basic(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

/** A client-credentials-less token call: the grant is irrelevant, client authentication comes first. */
async function tokenCall(base: string, ip: string, auth: { basic?: [string, string]; post?: [string, string] }): Promise<Response> {
  const body = new URLSearchParams({ grant_type: 'authorization_code', code: 'nothing', redirect_uri: 'https://rp.example/callback', code_verifier: 'x'.repeat(43) });
  if (auth.post) {
    body.set('client_id', auth.post[0]);
    body.set('client_secret', auth.post[1]);
  }
  return fetch(`${base}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip, ...(auth.basic ? { authorization: basic(...auth.basic) } : {}) },
    body,
  });
}

async function expectTooMany(response: Response): Promise<void> {
  expect(response.status).toBe(429);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body['error']).toBe('temporarily_unavailable');
  expect(String(body['error_description'])).toMatch(/retry after \d+ seconds/);
}

describe('on memory', () => {
  let kontekst: RunningKontekst;
  beforeAll(async () => {
    kontekst = await startKontekst({ env: LIMITS, build: { extraClients: [alpha, beta, postClient] } });
  });
  afterAll(() => kontekst.close());

  it('wrong client secrets: 401 up to the per-client limit, then 429 even with the right secret', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await tokenCall(kontekst.url, '10.0.0.1', { basic: ['rl-alpha', 'wrong'] })).status).toBe(401);
    await expectTooMany(await tokenCall(kontekst.url, '10.0.0.2', { basic: ['rl-alpha', 'wrong'] }));
    await expectTooMany(await tokenCall(kontekst.url, '10.0.0.3', { basic: ['rl-alpha', alpha.client_secret!] }));
    // Another client is not affected: its right secret gets past client authentication (to invalid_grant).
    const other = await tokenCall(kontekst.url, '10.0.0.3', { basic: ['rl-beta', beta.client_secret!] });
    expect(other.status).toBe(400);
    expect(((await other.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('wrong secrets in the body (client_secret_post) are counted per client too', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await tokenCall(kontekst.url, `10.1.0.${attempt}`, { post: ['rl-post', 'wrong'] })).status).toBe(401);
    await expectTooMany(await tokenCall(kontekst.url, '10.1.0.9', { post: ['rl-post', 'wrong'] }));
  });

  it('one source failing across many clients is refused at the per-source limit', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await tokenCall(kontekst.url, '10.2.0.1', { basic: [`made-up-${attempt}`, 'wrong'] })).status).toBe(401);
    }
    await expectTooMany(await tokenCall(kontekst.url, '10.2.0.1', { basic: ['rl-beta', beta.client_secret!] }));
    // Introspection and revocation share the count.
    const introspection = await fetch(`${kontekst.url}/token/introspection`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '10.2.0.1', authorization: basic('rl-beta', beta.client_secret!) },
      body: 'token=abc',
    });
    await expectTooMany(introspection);
    // Another source is not affected.
    expect((await tokenCall(kontekst.url, '10.2.0.2', { basic: ['rl-beta', beta.client_secret!] })).status).toBe(400);
  });

  it('wrong initial access tokens at /reg: 401, then 429', async () => {
    const registerWith = (token: string) =>
      fetch(`${kontekst.url}/reg`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-forwarded-for': '10.3.0.1' },
        body: JSON.stringify({ redirect_uris: ['https://rp.example/cb'] }),
      });
    expect((await registerWith('guess-1')).status).toBe(401);
    expect((await registerWith('guess-2')).status).toBe(401);
    await expectTooMany(await registerWith('guess-3'));
  });

  it('new logins per source: a 429 page for people once over the limit', async () => {
    const auth = (ip: string) =>
      fetch(`${kontekst.url}/auth?client_id=rl-alpha&response_type=code&scope=openid&redirect_uri=https%3A%2F%2Frp.example%2Fcallback&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256`, {
        redirect: 'manual',
        headers: { 'x-forwarded-for': ip },
      });
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await auth('10.4.0.1')).status).toBe(303);
    const refused = await auth('10.4.0.1');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/text\/html/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toContain('For mange forsøg');
    expect((await auth('10.4.0.2')).status).toBe(303);
  });

  it('every refusal is counted in metrics by limit', async () => {
    const { body } = await kontekst.kontekst.metrics.render();
    expect(body).toMatch(/kontekst_rate_limit_hits_total\{limit="client_auth_per_client"\} [1-9]/);
    expect(body).toMatch(/kontekst_rate_limit_hits_total\{limit="client_auth_per_ip"\} [1-9]/);
    expect(body).toMatch(/kontekst_rate_limit_hits_total\{limit="registration_per_ip"\} [1-9]/);
    expect(body).toMatch(/kontekst_rate_limit_hits_total\{limit="logins_per_ip"\} [1-9]/);
  });
});

describe('on Redis, two processes', () => {
  let redis: RedisServerHandle;
  let first: RunningKontekst;
  let second: RunningKontekst;
  beforeAll(async () => {
    redis = await startRedisServer();
    const env = { ...LIMITS, REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'rl-shared' };
    first = await startKontekst({ env, build: { extraClients: [alpha, beta, postClient] } });
    second = await startKontekst({ env, build: { extraClients: [alpha, beta, postClient], skipDirectorySeed: true } });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await redis?.stop();
  });

  it('share one count: failures at one process are refused at the other', async () => {
    expect((await tokenCall(first.url, '10.5.0.1', { basic: ['rl-alpha', 'wrong'] })).status).toBe(401);
    expect((await tokenCall(second.url, '10.5.0.2', { basic: ['rl-alpha', 'wrong'] })).status).toBe(401);
    expect((await tokenCall(first.url, '10.5.0.3', { basic: ['rl-alpha', 'wrong'] })).status).toBe(401);
    await expectTooMany(await tokenCall(second.url, '10.5.0.4', { basic: ['rl-alpha', alpha.client_secret!] }));
  });
});
