// What an operator sees after real logins on Redis: /metrics counts, OIDC errors logged with client and code, request IDs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.ts';
import { createLogger } from '../../src/observability/logger.ts';
import {
  Person,
  abort,
  authorizationRequest,
  choose,
  describe as describeStop,
  discoverRp,
  loginAt,
  redeem,
  testClient,
  type TestRp,
} from '../support/journey.ts';
import { DEMO_LOGINS, PRIVATE_IDENTIFIERS } from '../support/demo-people.ts';

let redis: RedisServerHandle;
let kontekst: RunningKontekst;
let rp: TestRp;
const logLines: string[] = [];
const registration = testClient({ client_id: 'metrics-rp', entitlements: ['cpr'] });

beforeAll(async () => {
  redis = await startRedisServer();
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } });
  kontekst = await startKontekst({
    env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'metrics' },
    build: { extraClients: [registration] },
    logger,
  });
  rp = await discoverRp(kontekst.url, registration);

  // Two completed logins (one without chooser, one through it), one refused, one failed refresh.
  const first = await authorizationRequest(rp, { scope: 'openid profile' });
  const direct = await loginAt(new Person(kontekst.url), first.url, DEMO_LOGINS['mette.larsen']);
  expect(direct.kind, describeStop(direct)).toBe('callback');
  await redeem(rp, first, (direct as { callbackUrl: URL }).callbackUrl);

  const second = await authorizationRequest(rp, { scope: 'openid professional' });
  const jens = new Person(kontekst.url);
  const chooser = await choose(jens, await loginAt(jens, second.url, DEMO_LOGINS['jens.hansen']), 'professional:cvr:12345674');
  expect(chooser.kind, describeStop(chooser)).toBe('callback');
  await redeem(rp, second, (chooser as { callbackUrl: URL }).callbackUrl);

  const refused = await authorizationRequest(rp, { login_hint: 'professional:cvr:34567891' });
  const person = new Person(kontekst.url);
  const back = await abort(person, await loginAt(person, refused.url, DEMO_LOGINS['jens.hansen']));
  expect(back.kind === 'callback' && back.callbackUrl.searchParams.get('error')).toBe('access_denied');

  await expect(client.refreshTokenGrant(rp.config, 'not-a-refresh-token')).rejects.toThrow();
});
afterAll(async () => {
  await kontekst?.close();
  await redis?.stop();
});

async function scrape(): Promise<string> {
  const response = await fetch(`${kontekst.url}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

describe('/metrics after two logins and one refused login', () => {
  it('counts logins by context type and refusals by reason', async () => {
    const body = await scrape();
    expect(body).toContain('kontekst_logins_started_total 3');
    expect(body).toContain('kontekst_logins_completed_total{context_type="private"} 1');
    expect(body).toContain('kontekst_logins_completed_total{context_type="professional"} 1');
    expect(body).toContain('kontekst_logins_refused_total{reason="no_context"} 1');
    expect(body).toContain('kontekst_chooser_total{outcome="skipped"} 1');
    expect(body).toContain('kontekst_chooser_total{outcome="shown"} 1');
  });

  it('counts token grants by type and error, OIDC errors by client, upstream calls and Redis commands', async () => {
    const body = await scrape();
    expect(body).toContain('kontekst_token_grants_total{grant_type="authorization_code",outcome="ok"} 2');
    expect(body).toContain('kontekst_token_grants_total{grant_type="refresh_token",outcome="invalid_grant"} 1');
    expect(body).toContain('kontekst_oidc_errors_total{error="access_denied",client_id="metrics-rp"} 1');
    expect(body).toMatch(/^kontekst_upstream_request_duration_seconds_count\{operation="token",outcome="ok"\} 3$/m);
    expect(body).toMatch(/^kontekst_redis_command_duration_seconds_count\{command="evalsha"\} [1-9]\d*$/m);
    // A healthy Redis answers every command: no error counted (not even the CLIENT SETINFO older servers refuse).
    expect(body).not.toMatch(/^kontekst_redis_command_errors_total\{/m);
  });

  it('carries no person, organisation or subject identifier', async () => {
    const body = await scrape();
    for (const person of Object.values(PRIVATE_IDENTIFIERS)) {
      expect(body).not.toContain(person.cpr);
      expect(body).not.toContain(person.mitidUuid);
    }
    expect(body).not.toContain('12345674');
    expect(body).not.toContain('34567891');
  });
});

describe('logs', () => {
  it('log every OIDC error sent to a relying party at info with the client ID and error code', () => {
    const entries = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const sent = entries.filter((entry) => entry['msg'] === 'OIDC error sent to relying party');
    expect(sent).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 30, event: 'authorization.error', clientId: 'metrics-rp', error: 'access_denied' }),
        expect.objectContaining({ level: 30, event: 'grant.error', clientId: 'metrics-rp', error: 'invalid_grant' }),
      ]),
    );
    expect(entries).toEqual(expect.arrayContaining([expect.objectContaining({ msg: 'login refused', reason: 'no_context' })]));
    const all = logLines.join('\n');
    expect(all).not.toContain('Nordisk Revision'); // the description names an organisation: not logged
    for (const person of Object.values(PRIVATE_IDENTIFIERS)) expect(all).not.toContain(person.cpr);
  });

  it('name the request ID in every line of a request, taken from X-Request-Id and returned', async () => {
    const before = logLines.length;
    const response = await fetch(`${kontekst.url}/token`, {
      method: 'POST',
      headers: { 'X-Request-Id': 'lb-7f3a.42', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code&code=nope&client_id=metrics-rp&client_secret=wrong',
    });
    expect(response.headers.get('x-request-id')).toBe('lb-7f3a.42');
    const lines = logLines.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line['requestId']).toBe('lb-7f3a.42');
  });

  it('replace an unsafe X-Request-Id with one of their own', async () => {
    const response = await fetch(`${kontekst.url}/healthz`, { headers: { 'X-Request-Id': `a b<script>${'x'.repeat(200)}` } });
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
