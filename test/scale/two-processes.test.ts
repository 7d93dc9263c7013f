// Horizontal scale: two real Kontekst processes on one Redis (single server, then a 3-primary Cluster) share every login.
//
// The processes are real OS processes (src/main.ts spawned under tsx): nothing can leak through shared
// memory, as it could with two instances in one test process. A small load balancer in front gives both
// the same public URL (their issuer) and sends each step to the process the test names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import {
  Person,
  authorizationRequest,
  choose,
  describe as describeStop,
  discoverRp,
  follow,
  redeem,
  testClient,
  type TestRp,
} from '../support/journey.ts';
import { DEMO_LOGINS, PRIVATE_IDENTIFIERS } from '../support/demo-people.ts';
import { completeSimulatorLogin } from '../support/simulator-driver.ts';
import { startRedisCluster, startRedisServer } from '../support/redis-server.ts';
import { startDeployment, type Deployment } from './support/deployment.ts';

const registration = testClient({ client_id: 'scale-rp' });
const JENS = PRIVATE_IDENTIFIERS['jens.hansen'];

interface Backend {
  redisEnv: Record<string, string>;
  stop(): Promise<void>;
}

async function singleRedis(): Promise<Backend> {
  const server = await startRedisServer();
  return { redisEnv: { REDIS_URL: server.url }, stop: () => server.stop() };
}

async function clusterRedis(): Promise<Backend> {
  const cluster = await startRedisCluster({ primaries: 3 });
  return {
    redisEnv: { REDIS_CLUSTER_NODES: cluster.nodes.map((node) => `${node.host}:${node.port}`).join(',') },
    stop: () => cluster.stop(),
  };
}

/** The OIDC error code of a rejected token request (openid-client throws ResponseBodyError). */
async function oidcErrorOf(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
  } catch (error) {
    return String((error as { error?: string }).error ?? (error as Error).message);
  }
  return 'succeeded';
}

describe.each([
  ['one redis-server', singleRedis],
  ['a 3-primary Redis Cluster', clusterRedis],
])('two Kontekst processes on %s', (_name, startBackend) => {
  let backend: Backend;
  let deployment: Deployment;
  let rp: TestRp;

  beforeAll(async () => {
    backend = await startBackend();
    deployment = await startDeployment({ redisEnv: backend.redisEnv, clients: [registration] });
    deployment.lb.route('a');
    rp = await discoverRp(deployment.url, registration);
  }, 90_000);

  afterAll(async () => {
    await deployment?.close();
    await backend?.stop();
  });

  /** Logs jens.hansen in up to the chooser, with the simulator's pages spread over both processes. */
  async function startLogin(firstOn: string, callbackOn: string) {
    const person = new Person(deployment.url);
    const request = await authorizationRequest(rp, {
      scope: 'openid profile professional offline_access',
      prompt: 'consent select_account',
    });
    deployment.lb.route(firstOn);
    const atMitId = await follow(person, request.url);
    if (atMitId.kind !== 'page' || !atMitId.page.url.pathname.startsWith('/mitid-sim/')) throw new Error(describeStop(atMitId));
    // The simulator is an OIDC provider of its own: its login, too, must survive hopping between processes.
    deployment.lb.route('alternate');
    const upstream = await completeSimulatorLogin(atMitId.page.url, { ...DEMO_LOGINS['jens.hansen']!, browser: person.simulator });
    deployment.lb.route(callbackOn);
    deployment.lb.resetHits();
    const chooser = await follow(person, upstream.callbackUrl);
    return { person, request, chooser };
  }

  it('starts a login on one process, takes the upstream callback on the other, redeems on the first, refreshes on the second', async () => {
    const { person, request, chooser } = await startLogin('a', 'b');
    expect(chooser.kind === 'page' && chooser.page.name, describeStop(chooser)).toBe('chooser');
    const done = await choose(person, chooser, 'professional:cvr:12345674');
    if (done.kind !== 'callback') throw new Error(describeStop(done));
    // The callback, the chooser and the code were all served by b alone.
    expect(deployment.lb.hits()).toEqual({ b: expect.any(Number) });

    deployment.lb.route('a');
    deployment.lb.resetHits();
    const tokens = await redeem(rp, request, done.callbackUrl);
    expect(deployment.lb.hits()).toEqual({ a: expect.any(Number) });
    const idToken = tokens.claims()!;
    expect(idToken).toMatchObject({ identity_type: 'professional', idp: 'mitid' });
    expect(tokens.refresh_token).toEqual(expect.any(String));

    deployment.lb.route('b');
    const userinfo = await client.fetchUserInfo(rp.config, tokens.access_token, idToken.sub);
    expect(userinfo).toMatchObject({ sub: idToken.sub, 'professional.cvr': '12345674' });
    const refreshed = await client.refreshTokenGrant(rp.config, tokens.refresh_token!);
    expect(refreshed.claims()).toMatchObject({ sub: idToken.sub, identity_type: 'professional' });

    // Separation holds whichever process answered: nothing of the private person in this context.
    const everything = JSON.stringify([idToken, userinfo, refreshed.claims()]);
    for (const value of [JENS.cpr, JENS.mitidUuid, JENS.birthdate]) expect(everything).not.toContain(value);

    // Refresh tokens rotate: the spent one is refused on the other process too.
    deployment.lb.route('a');
    expect(await oidcErrorOf(() => client.refreshTokenGrant(rp.config, tokens.refresh_token!))).toBe('invalid_grant');
    expect(deployment.processes.map((running) => running.pid)).toHaveLength(2);
  });

  it('rejects a code redeemed a second time, on either process', async () => {
    const { person, request, chooser } = await startLogin('b', 'a');
    const done = await choose(person, chooser, 'private');
    if (done.kind !== 'callback') throw new Error(describeStop(done));

    deployment.lb.route('a');
    const tokens = await redeem(rp, request, done.callbackUrl);
    expect(tokens.claims()).toMatchObject({ identity_type: 'private' });
    deployment.lb.route('b');
    expect(await oidcErrorOf(() => redeem(rp, request, done.callbackUrl))).toBe('invalid_grant');
    deployment.lb.route('a');
    expect(await oidcErrorOf(() => redeem(rp, request, done.callbackUrl))).toBe('invalid_grant');
  });

  it('lets exactly one of two simultaneous redemptions of a code win, one on each process', async () => {
    const { person, request, chooser } = await startLogin('a', 'b');
    const done = await choose(person, chooser, 'private');
    if (done.kind !== 'callback') throw new Error(describeStop(done));

    deployment.lb.route('alternate');
    const outcomes = await Promise.all([0, 1].map(() => oidcErrorOf(() => redeem(rp, request, done.callbackUrl))));
    expect(outcomes.sort()).toEqual(['invalid_grant', 'succeeded']);
  });
});
