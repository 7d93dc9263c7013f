// Revocation across real processes on one Redis and on a Cluster: the session lives on one process, the job comes from elsewhere, a crash loses nothing.
//
// Jobs come from the test process through the queue, from an admin command on the other process over the admin API,
// and from an admin command whose process dies right after storing the change (the relay finishes it).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Person, discoverRp, testClient, type TestRp } from '../support/journey.ts';
import { startBackchannelReceiver, type BackchannelReceiver } from '../support/backchannel-receiver.ts';
import { startRedisCluster, startRedisServer } from '../support/redis-server.ts';
import { createRedis, waitForRedis, type RedisClient } from '../../src/store/redis.ts';
import type { RedisConfig } from '../../src/config/index.ts';
import { newRevocationJob, RedisRevocationQueue } from '../../src/oidc/revocation/index.ts';
import { logIn } from '../conformance/logout-support.ts';
import { BUSINESS_USERS, expectLogoutTokenFor, expectRefusedEverywhere } from '../conformance/revocation-support.ts';
import { startDeployment, type Deployment } from './support/deployment.ts';
import { ADMIN_API_PATH } from '../../src/domain/admin-api.ts';
import { createAdminService } from '../../src/admin/service.ts';
import { LiveDirectory } from '../../src/directory/live-directory.ts';
import { RedisRecordStore } from '../../src/directory/redis-record-store.ts';

const KEY_PREFIX = `scale-revocation-${process.pid}`;
const SCOPE = { scope: 'openid professional offline_access', prompt: 'consent' };
/** The processes' and the dying admin's directory index key (finding who shares a dedicated MitID needs the same one). */
const INDEX_SECRET = 'scale-revocation-directory-index-secret';
/** The admin console (first party, professional logins only): its tokens reach the admin API. */
const consoleClient = testClient({ client_id: 'scale-rv-console', identity_types: ['professional'] });
const NR_JENS_ADMIN = { kind: 'business_user', uuid: BUSINESS_USERS.nrJensAtRevision } as const;
const SOFIE_AT_NORDISK = '2a8c3fd9-4165-45c9-8b9c-d9d6e5f9ddcc';
const SOFIE_SHARED_MITID = '1117a08b-5a1b-44d6-9e89-71dd2eb5a79c';

interface Backend {
  redisEnv: Record<string, string>;
  redisConfig: RedisConfig;
  stop(): Promise<void>;
}

async function singleRedis(): Promise<Backend> {
  const server = await startRedisServer();
  return {
    redisEnv: { REDIS_URL: server.url },
    redisConfig: { url: server.url, tls: false, keyPrefix: KEY_PREFIX },
    stop: () => server.stop(),
  };
}

async function clusterRedis(): Promise<Backend> {
  const cluster = await startRedisCluster({ primaries: 3 });
  return {
    redisEnv: { REDIS_CLUSTER_NODES: cluster.nodes.map((node) => `${node.host}:${node.port}`).join(',') },
    redisConfig: { clusterNodes: cluster.nodes, tls: false, keyPrefix: KEY_PREFIX },
    stop: () => cluster.stop(),
  };
}

describe.each([
  ['one redis-server', singleRedis],
  ['a 3-primary Redis Cluster', clusterRedis],
])('revocation with two Kontekst processes on %s', (_name, startBackend) => {
  let backend: Backend;
  let deployment: Deployment;
  let receiver: BackchannelReceiver;
  let redis: RedisClient;
  let rpA: TestRp;
  let rpB: TestRp;

  beforeAll(async () => {
    backend = await startBackend();
    receiver = await startBackchannelReceiver();
    const a = testClient({ client_id: 'scale-rv-a', backchannel_logout_uri: receiver.uriFor('scale-rv-a') });
    const b = testClient({ client_id: 'scale-rv-b', backchannel_logout_uri: receiver.uriFor('scale-rv-b') });
    deployment = await startDeployment({
      redisEnv: backend.redisEnv,
      clients: [a, b, consoleClient],
      extraEnv: { REDIS_KEY_PREFIX: KEY_PREFIX, DIRECTORY_INDEX_SECRET: INDEX_SECRET },
    });
    redis = createRedis(backend.redisConfig);
    await waitForRedis(redis);
    deployment.lb.route('a');
    rpA = await discoverRp(deployment.url, a);
    rpB = await discoverRp(deployment.url, b);
  }, 120_000);

  afterAll(async () => {
    redis?.disconnect();
    await deployment?.close();
    await receiver?.close();
    await backend?.stop();
  });
  beforeEach(() => receiver.clear());

  /** nr-jens logged in at both relying parties, every step on process a. */
  async function sessionOnProcessA() {
    deployment.lb.route('a');
    const person = new Person(deployment.url);
    return { atA: await logIn(person, rpA, 'nr-jens', { params: SCOPE }), atB: await logIn(person, rpB, 'nr-jens', { params: SCOPE }) };
  }

  it('a session created on process a, a job stored elsewhere: the logout tokens arrive and both processes refuse every token', async () => {
    const { atA, atB } = await sessionOnProcessA();
    await new RedisRevocationQueue(redis, KEY_PREFIX).enqueue(
      newRevocationJob([{ type: 'professional', businessUserUuid: BUSINESS_USERS.nrJensAtRevision }]),
    );

    await receiver.waitFor(2, 10_000);
    await expectLogoutTokenFor(receiver.for('scale-rv-a')[0], rpA, atA);
    await expectLogoutTokenFor(receiver.for('scale-rv-b')[0], rpB, atB);
    for (const route of ['a', 'b']) {
      deployment.lb.route(route);
      await expectRefusedEverywhere(rpA, atA);
    }
    deployment.lb.route('b');
    await expectRefusedEverywhere(rpB, atB);
    expect(receiver.received).toHaveLength(2);
  });

  it('sessions on process a, a shared means blocked through the admin API on process b: the answer counts them, both processes refuse', async () => {
    deployment.lb.route('a');
    const atNordisk = await logIn(new Person(deployment.url), rpA, 'sofie.berg', {
      contextKey: 'professional:cvr:34567891',
      params: SCOPE,
    });
    const atHavnen = await logIn(new Person(deployment.url), rpB, 'sofie.berg', { contextKey: 'professional:cvr:29876541', params: SCOPE });
    // nr-jens, Nordisk's organisation administrator, logs in at the admin console on process b for an admin API token.
    deployment.lb.route('b');
    const adminApi = `${deployment.url}${ADMIN_API_PATH}`;
    const atConsole = await logIn(new Person(deployment.url), await discoverRp(deployment.url, consoleClient), 'nr-jens', {
      params: { scope: 'openid admin', resource: adminApi },
    });
    const api = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${adminApi}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${atConsole.accessToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    };
    expect((await api('POST', `/organisations/34567891/users/${NR_JENS_ADMIN.uuid}/roles`, { role: 'user_administrator' })).status).toBe(
      200,
    );
    const means = await api('GET', `/organisations/34567891/users/${SOFIE_AT_NORDISK}/means`);
    const blockable = (means.body['dedicatedMitIds'][0].means as { type: string }[])
      .map((item) => item.type)
      .find((type) => type !== 'app');
    const blocked = await api('POST', `/organisations/34567891/users/${SOFIE_AT_NORDISK}/means/${SOFIE_SHARED_MITID}/${blockable}/block`);
    expect(blocked.status).toBe(200);
    expect(blocked.body['revocation']).toEqual({ sessionsEnded: 2, relyingPartiesNotified: 2 });

    await receiver.waitFor(2, 10_000);
    await expectLogoutTokenFor(receiver.for('scale-rv-a')[0], rpA, atNordisk);
    await expectLogoutTokenFor(receiver.for('scale-rv-b')[0], rpB, atHavnen);
    for (const route of ['a', 'b']) {
      deployment.lb.route(route);
      await expectRefusedEverywhere(rpA, atNordisk);
      await expectRefusedEverywhere(rpB, atHavnen);
    }
    expect(receiver.received).toHaveLength(2);
  });

  it('the admin process dies right after storing a change (before any job exists): a running process relays and completes it', async () => {
    deployment.lb.route('a');
    const atA = await logIn(new Person(deployment.url), rpA, 'jens.hansen', { contextKey: 'professional:cvr:12345674', params: SCOPE });
    // The "admin" process: the same directory in Redis; its revocation port is never reached (it dies first).
    const dying = createRedis(backend.redisConfig);
    await waitForRedis(dying);
    const died = async (): Promise<never> => {
      dying.disconnect();
      throw new Error('killed');
    };
    const admin = createAdminService({
      directory: new LiveDirectory(new RedisRecordStore(dying, KEY_PREFIX), INDEX_SECRET),
      publicUrl: deployment.url,
      sessions: { endSessionsFor: died, queueRevocation: died },
    });
    const answer = await admin.disconnectOrganisation({ kind: 'operator', clientId: 'scale-rv-operator' }, '12345674');
    // Stored, and nothing ended by the dying process (its connection is gone: it acknowledges nothing).
    expect(answer).toMatchObject({ state: 'disconnected', revocation: { sessionsEnded: 0, relyingPartiesNotified: 0 } });

    await receiver.waitFor(1, 20_000);
    await expectLogoutTokenFor(receiver.for('scale-rv-a')[0], rpA, atA);
    for (const route of ['a', 'b']) {
      deployment.lb.route(route);
      await expectRefusedEverywhere(rpA, atA);
    }
    await expect.poll(() => new RedisRevocationQueue(redis, KEY_PREFIX).size(), { timeout: 5_000 }).toBe(0);
    expect(receiver.received).toHaveLength(1);
  });

  it('a process killed right after the job was stored (and claimed): another process completes the revocation', async () => {
    const { atA, atB } = await sessionOnProcessA();
    // The "admin" process stores the job and starts on it (a 2 s lease), then dies with its connection.
    const dying = createRedis(backend.redisConfig);
    await waitForRedis(dying);
    const dyingQueue = new RedisRevocationQueue(dying, KEY_PREFIX);
    const job = newRevocationJob([{ type: 'professional', businessUserUuid: BUSINESS_USERS.nrJensAtRevision }]);
    await dyingQueue.enqueue(job);
    expect((await dyingQueue.claim(2_000, job.id))?.id).toBe(job.id);
    dying.disconnect();
    // The process the session was created on crashes too.
    const processA = deployment.processes.find((running) => running.name === 'a')!;
    await processA.kill();
    deployment.lb.route('b');

    // Nothing happens while the dead process's lease lasts; then b takes the job over.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(receiver.received).toHaveLength(0);
    await receiver.waitFor(2, 10_000);
    await expectLogoutTokenFor(receiver.for('scale-rv-a')[0], rpA, atA);
    await expectLogoutTokenFor(receiver.for('scale-rv-b')[0], rpB, atB);
    await expectRefusedEverywhere(rpA, atA);
    await expectRefusedEverywhere(rpB, atB);
    await expect.poll(() => new RedisRevocationQueue(redis, KEY_PREFIX).size(), { timeout: 5_000 }).toBe(0);
    expect(receiver.received).toHaveLength(2);
  });
});
