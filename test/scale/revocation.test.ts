// Revocation across real processes on one Redis and on a Cluster: the session lives on one process, the job comes from elsewhere, a crash loses nothing.
//
// The job is stored from the test process through the queue, exactly as the admin service on another process
// stores it (revocationEnqueueCommands in its atomic step); swapping that for an admin command leaves the assertions.
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

const KEY_PREFIX = `scale-revocation-${process.pid}`;
const SCOPE = { scope: 'openid professional offline_access', prompt: 'consent' };

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
    deployment = await startDeployment({ redisEnv: backend.redisEnv, clients: [a, b], extraEnv: { REDIS_KEY_PREFIX: KEY_PREFIX } });
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
