// End to end over real HTTP on Redis: the operator connects an organisation; its administrator logs in through the journey for
// an admin API token, appoints roles, creates users of both kinds and assigns a right; a relying party then sees the new
// organisation in the chooser and the right only under its namespace; `kontekst audit verify` passes, and fails once an event is altered.
import * as client from 'openid-client';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured, type CliResult } from '../cli/support/run-cli.ts';
import { ADMIN_API_PATH } from '../../src/domain/admin-api.ts';
import { directoryScopeKey } from '../../src/store/keys.ts';
import { discoverRp, logIn, type Login } from '../conformance/support.ts';
import { testClient } from '../support/journey.ts';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.ts';

const CVR = '10000009';
const METTE_CPR = '2208921236';
const OPERATOR_SECRET = 'e2e-operator-secret-e2e-operator-secret-0123';
const operator = {
  ...testClient({ client_id: 'e2e-operator', client_secret: OPERATOR_SECRET }),
  grant_types: ['client_credentials' as const],
  response_types: [],
  redirect_uris: [],
  admin_operator: true,
};
const console_ = testClient({ client_id: 'e2e-admin-console', identity_types: ['professional'] });
const rp = testClient({ client_id: 'e2e-rp', privilege_namespaces: ['urn:dk:kontekst:e2e:'] });
/** An ordinary (third-party) relying party allowed client credentials: it must still never get an admin API token. */
const THIRD_SECRET = 'e2e-third-party-secret-e2e-third-party-0123';
const thirdParty = {
  ...testClient({ client_id: 'e2e-third', client_secret: THIRD_SECRET, first_party: false }),
  grant_types: ['authorization_code' as const, 'client_credentials' as const],
};

let redisServer: RedisServerHandle;
let kontekst: RunningKontekst;
let adminApi: string;
const cliEnv = () => ({ REDIS_URL: redisServer.url, LOG_LEVEL: 'silent' });

function cli(...argv: string[]): Promise<CliResult> {
  return runCliCaptured(argv, cliEnv());
}

async function api(token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${adminApi}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the test reads arbitrary JSON bodies
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

beforeAll(async () => {
  redisServer = await startRedisServer();
  kontekst = await startKontekst({
    env: { REDIS_URL: redisServer.url },
    build: { extraClients: [operator as never, console_, rp, thirdParty] },
  });
  adminApi = `${kontekst.url}${ADMIN_API_PATH}`;
});
afterAll(async () => {
  await kontekst?.close();
  await redisServer?.stop();
});

describe('administering an organisation end to end', () => {
  let operatorToken: string;
  let administrator: Login;

  it('gives the operator client an admin API token by client credentials, and refuses one without the operator flag', async () => {
    const response = await fetch(`${kontekst.url}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`e2e-operator:${OPERATOR_SECRET}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'admin', resource: adminApi }).toString(),
    });
    const tokens = (await response.json()) as Record<string, string>;
    expect(response.status, JSON.stringify(tokens)).toBe(200);
    operatorToken = tokens['access_token']!;
    expect((await api(operatorToken, 'GET', '/organisations')).status).toBe(200);
    expect((await api('not-a-token-at-all', 'GET', '/organisations')).status).toBe(401);
    const third = await fetch(`${kontekst.url}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`e2e-third:${THIRD_SECRET}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'admin', resource: adminApi }).toString(),
    });
    expect(third.status).toBe(400);
    expect(((await third.json()) as Record<string, string>)['error']).toBe('invalid_target');
  });

  it('connects a new organisation (operator API) and fills the rights catalogue (CLI)', async () => {
    const connected = await api(operatorToken, 'POST', '/organisations', {
      cvr: CVR,
      name: 'Ny Virksomhed ApS',
      settings: { privateMitIdAllowed: true, allowedMeans: ['app', 'code_display'], sharedMeansAllowed: false, requiredLoa: 'substantial' },
      administrator: { givenName: 'Mette', familyName: 'Larsen', email: 'mette@ny-virksomhed.dk', cpr: METTE_CPR },
    });
    expect(connected.status).toBe(201);
    expect((await cli('rights', 'add', '--urn', 'urn:dk:kontekst:e2e:read', '--da', 'Læse', '--en', 'Read')).code).toBe(0);
    expect((await cli('rights', 'add', '--urn', 'urn:dk:other:write', '--da', 'Skrive', '--en', 'Write')).code).toBe(0);
    const listed = await cli('--json', 'orgs', 'list');
    expect(JSON.parse(listed.out).map((org: { cvr: string }) => org.cvr)).toContain(CVR);
    // Mette confirms her activation with private MitID (the activation page calls this command).
    const activationId = connected.body['administrator'].activation.id as string;
    await kontekst.kontekst.admin.completeActivation(activationId, { kind: 'private_mitid', cpr: METTE_CPR }, { usePrivateMitId: true });
  });

  it("lets the new administrator log in through the journey in the organisation's context and administer it", async () => {
    const consoleRp = await discoverRp(kontekst.url, console_);
    // The console accepts professional contexts only, and Mette has one: the journey goes straight back with it.
    administrator = await logIn(consoleRp, 'mette.larsen', { params: { scope: 'openid admin', resource: adminApi } });
    const token = administrator.tokens.access_token;
    const me = `/organisations/${CVR}/users`;
    const listed = await api(token, 'GET', me);
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    const mette = listed.body['items'][0];
    // An organisation administrator appoints administrators, herself included; roles are read afresh on each request.
    expect((await api(token, 'POST', `${me}/${mette.uuid}/rights`, { urn: 'urn:dk:kontekst:e2e:read' })).status).toBe(403);
    expect((await api(token, 'POST', `${me}/${mette.uuid}/roles`, { role: 'rights_administrator' })).status).toBe(200);
    expect((await api(token, 'POST', `${me}/${mette.uuid}/roles`, { role: 'user_administrator' })).status).toBe(200);
    for (const urn of ['urn:dk:kontekst:e2e:read', 'urn:dk:other:write'])
      expect((await api(token, 'POST', `${me}/${mette.uuid}/rights`, { urn })).status).toBe(200);
    const cprUser = await api(token, 'POST', me, {
      givenName: 'Jens',
      familyName: 'Hansen',
      email: 'jens@ny-virksomhed.dk',
      cpr: '1505801234',
    });
    const birthDateUser = await api(token, 'POST', me, {
      givenName: 'Bo',
      familyName: 'Ny',
      email: 'bo@ny-virksomhed.dk',
      birthDate: '2001-02-03',
      means: ['app'],
    });
    expect([cprUser.status, birthDateUser.status]).toEqual([201, 201]);
    expect(cprUser.body['cprMasked']).toBe('150580-XXXX');
    const issued = await api(token, 'POST', `${me}/${birthDateUser.body['uuid']}/activation`);
    expect(issued.body['code']).toMatch(/^\d{8}$/);
    // Another organisation's records are not found.
    expect((await api(token, 'GET', '/organisations/12345674/users')).status).toBe(404);
  });

  it("offers the new organisation at the next login, and releases only the rights under the client's namespace", async () => {
    const relyingParty = await discoverRp(kontekst.url, rp);
    const login = await logIn(relyingParty, 'mette.larsen', {
      params: { scope: 'openid professional privileges' },
      context: `professional:cvr:${CVR}`,
    });
    const userinfo = await client.fetchUserInfo(relyingParty.config, login.tokens.access_token, login.claims.sub);
    expect(userinfo['professional.cvr']).toBe(CVR);
    expect(userinfo['professional.privileges']).toEqual([
      { scope: `urn:dk:gov:saml:cvrNumberIdentifier:${CVR}`, privileges: ['urn:dk:kontekst:e2e:read'] },
    ]);
  });

  it('verifies the audit chains with the CLI, and finds an event altered in storage', async () => {
    const ok = await cli('audit', 'verify');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain(`org:${CVR}: ok`);
    const exported = await cli('audit', 'export', '--scope', CVR);
    expect(exported.out.trim().split('\n').length).toBeGreaterThanOrEqual(8);
    expect(exported.out).not.toContain(METTE_CPR);
    expect(exported.out).not.toContain('1505801234');

    const redis = new Redis(redisServer.url);
    try {
      const key = directoryScopeKey('kontekst', `org:${CVR}`, 'audit');
      const second = JSON.parse((await redis.lindex(key, 1))!);
      await redis.lset(key, 1, JSON.stringify({ ...second, action: 'users.read' }));
      const altered = await cli('audit', 'verify');
      expect(altered.code).toBe(1);
      expect(altered.err).toContain(`org:${CVR}: BROKEN at event 2 (altered)`);
      await redis.lset(key, 1, JSON.stringify(second));
      expect((await cli('audit', 'verify')).code).toBe(0);
      // A missing event is found too.
      await redis.lrem(key, 1, JSON.stringify(second));
      expect((await cli('audit', 'verify')).err).toContain('missing_or_reordered');
    } finally {
      redis.disconnect();
    }
  });
});
