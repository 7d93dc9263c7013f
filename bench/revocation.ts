// Bench: time from a revocation job to each logout token at the relying party (1,000 live sessions of one business user, 3 clients), and what the holder index adds to a login in Redis.
//
// Runs in one process against a throwaway redis-server (and a local Cluster for the round-trip count):
//   npx tsx bench/revocation.ts          this section alone
//   npm run bench                        every section (this one last)
// Tunables: BENCH_REVOCATION_SESSIONS (default 1000), BENCH_INDEX_LOGINS (default 200).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AdapterPayload } from 'oidc-provider';
import { buildKontekst } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config/index.ts';
import { silentLogger } from '../src/observability/logger.ts';
import { createRedisAdapterFactory } from '../src/oidc/adapters/redis-adapter.ts';
import { countCommands } from '../src/store/command-counter.ts';
import { createRedis, waitForRedis, type RedisClient } from '../src/store/redis.ts';
import { startBackchannelReceiver } from '../test/support/backchannel-receiver.ts';
import { testClient } from '../test/support/journey.ts';
import { startRedisCluster, startRedisServer } from '../test/support/redis-server.ts';

const SESSIONS = Number(process.env['BENCH_REVOCATION_SESSIONS'] ?? 1000);
const INDEX_LOGINS = Number(process.env['BENCH_INDEX_LOGINS'] ?? 200);
const CLIENTS = ['bench-rv-1', 'bench-rv-2', 'bench-rv-3'];
const BUSINESS_USER = randomUUID();
const TTL_SECONDS = 3600;

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? NaN;
}

/** The records one login leaves, as oidc-provider writes them: a session with one grant and tokens per client. */
async function seedSessions(kontekst: Awaited<ReturnType<typeof buildKontekst>>, count: number): Promise<void> {
  const { provider } = kontekst;
  const accountId = `professional.mitid_erhverv.${BUSINESS_USER}`;
  const now = Math.floor(Date.now() / 1000);
  for (let index = 0; index < count; index += 1) {
    const authorizations: Record<string, { sid: string; grantId: string }> = {};
    const writes: Promise<void>[] = [];
    for (const clientId of CLIENTS) {
      const grantId = randomUUID();
      authorizations[clientId] = { sid: randomUUID(), grantId };
      writes.push(
        provider.Grant.adapter.upsert(
          grantId,
          {
            jti: grantId,
            kind: 'Grant',
            accountId,
            clientId,
            iat: now,
            exp: now + TTL_SECONDS,
            openid: { scope: 'openid' },
          } as AdapterPayload,
          TTL_SECONDS,
        ),
      );
      for (const model of ['AccessToken', 'RefreshToken'] as const) {
        const jti = randomUUID();
        writes.push(
          provider[model].adapter.upsert(
            jti,
            { jti, kind: model, grantId, accountId, clientId, scope: 'openid', iat: now, exp: now + TTL_SECONDS } as AdapterPayload,
            TTL_SECONDS,
          ),
        );
      }
    }
    const id = randomUUID();
    writes.push(
      provider.Session.adapter.upsert(
        id,
        {
          jti: id,
          uid: randomUUID(),
          kind: 'Session',
          accountId,
          loginTs: now,
          iat: now,
          exp: now + TTL_SECONDS,
          authorizations,
        } as AdapterPayload,
        TTL_SECONDS,
      ),
    );
    await Promise.all(writes);
  }
}

/** Time from endSessionsFor (the job stored, then run) to each logout token's arrival at a listening RP. */
async function jobToLogoutToken(redisUrl: string): Promise<string[]> {
  const receiver = await startBackchannelReceiver();
  const keysDir = mkdtempSync(join(tmpdir(), 'kontekst-bench-revocation-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: 'http://127.0.0.1:1',
    KEYS_DIR: keysDir,
    LOG_LEVEL: 'silent',
    DEMO_RP_ENABLED: 'false',
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: 'bench-revocation',
  });
  const kontekst = await buildKontekst(config, silentLogger(), {
    extraClients: CLIENTS.map((clientId) => testClient({ client_id: clientId, backchannel_logout_uri: receiver.uriFor(clientId) })),
  });
  try {
    await seedSessions(kontekst, SESSIONS);
    // Warm-up: one session ended and told, so key loading and connections are not billed to the measurement.
    await seedSessionsOf(kontekst);
    const cpuBefore = process.cpuUsage();
    const started = Date.now();
    const outcome = await kontekst.revocation.endSessionsFor([{ type: 'professional', businessUserUuid: BUSINESS_USER }]);
    const finished = Date.now() - started;
    const expected = SESSIONS * CLIENTS.length;
    const arrivals = (await receiver.waitFor(expected, 120_000)).map((delivery) => delivery.at - started).sort((a, b) => a - b);
    const cpu = process.cpuUsage(cpuBefore);
    // The receiving RP runs in this process too: its share is in the CPU figure.
    const cpuMsPerToken = ((cpu.user + cpu.system) / 1000 / expected).toFixed(2);
    return [
      `Revocation: job → logout token at the RP (${SESSIONS} live sessions of one business user × ${CLIENTS.length} clients, one redis-server)`,
      `  sessions ended ${outcome.sessionsEnded}, logout tokens delivered ${outcome.relyingPartiesNotified} of ${expected}, job done in ${finished} ms`,
      `  latency p50 ${percentile(arrivals, 0.5)} ms, p99 ${percentile(arrivals, 0.99)} ms, last ${arrivals.at(-1)} ms; CPU ${cpuMsPerToken} ms per logout token (signing, HTTP, the RP)`,
      `  machine load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores while measuring`,
    ];
  } finally {
    await kontekst.close();
    await receiver.close();
    rmSync(keysDir, { recursive: true, force: true });
  }
}

/** One session of another business user, revoked at once: warms keys, scripts and connections. */
async function seedSessionsOf(kontekst: Awaited<ReturnType<typeof buildKontekst>>): Promise<void> {
  const uuid = randomUUID();
  const id = randomUUID();
  const now = Math.floor(Date.now() / 1000);
  await kontekst.provider.Session.adapter.upsert(
    id,
    {
      jti: id,
      uid: randomUUID(),
      kind: 'Session',
      accountId: `professional.mitid.${uuid}`,
      exp: now + 60,
      authorizations: { [CLIENTS[0]!]: { sid: randomUUID(), grantId: randomUUID() } },
    } as AdapterPayload,
    60,
  );
  await kontekst.revocation.endSessionsFor([{ type: 'professional', businessUserUuid: uuid }]);
}

/** The holder index's share of a login (session + grant written by oidc-provider): round trips, commands, bytes. */
async function indexCost(redis: RedisClient, label: string): Promise<string> {
  const write = async (prefix: string, indexed: boolean) => {
    const factory = createRedisAdapterFactory(redis, prefix);
    const counter = countCommands(redis);
    counter.reset();
    for (let index = 0; index < INDEX_LOGINS; index += 1) {
      const accountId = indexed ? { accountId: `professional.mitid.${randomUUID()}` } : {};
      const [session, grant] = [randomUUID(), randomUUID()];
      await factory('Session').upsert(
        session,
        { jti: session, uid: randomUUID(), ...accountId, authorizations: { c: { sid: 's', grantId: grant } } } as AdapterPayload,
        TTL_SECONDS,
      );
      await factory('Grant').upsert(grant, { jti: grant, clientId: 'c', ...accountId } as AdapterPayload, TTL_SECONDS);
    }
    const counts = counter.snapshot();
    counter.detach();
    return counts;
  };
  // Warm the scripts first (NOSCRIPT → EVAL would count twice).
  await write(`bench-index-warm-${randomUUID().slice(0, 8)}`, true);
  const plain = await write(`bench-index-plain-${randomUUID().slice(0, 8)}`, false);
  const prefix = `bench-index-${randomUUID().slice(0, 8)}`;
  const indexed = await write(prefix, true);
  // What the index keeps: the holder sets, and the 'h' field naming the set in each session and grant record.
  const nodes = 'nodes' in redis && typeof redis.nodes === 'function' ? redis.nodes('master') : [redis];
  let bytes = 0;
  for (const node of nodes) {
    for (const key of await node.keys(`${prefix}:oidc:{holder:*`)) bytes += Number(await node.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
    for (const key of await node.keys(`${prefix}:oidc:{*`)) {
      const field = await node.hstrlen(key, 'h').catch(() => 0);
      if (field > 0) bytes += field + 1 + 16; // value, the one-letter field name, listpack entry overhead (estimate)
    }
  }
  const per = (value: number) => (value / INDEX_LOGINS).toFixed(2);
  return `  ${label}: round trips per login ${per(plain.roundTrips)} → ${per(indexed.roundTrips)}, commands ${per(plain.commands)} → ${per(indexed.commands)}, index bytes per login ${(bytes / INDEX_LOGINS).toFixed(0)}`;
}

export async function benchRevocation(log: (message: string) => void = () => {}): Promise<string> {
  const server = await startRedisServer();
  const cluster = await startRedisCluster({ primaries: 3 });
  const single = createRedis({ url: server.url, tls: false, keyPrefix: 'bench' });
  const clustered = createRedis({ clusterNodes: cluster.nodes, tls: false, keyPrefix: 'bench' });
  try {
    await Promise.all([waitForRedis(single), waitForRedis(clustered)]);
    log(`revocation: ${SESSIONS} sessions × ${CLIENTS.length} clients, job → logout token`);
    const lines = await jobToLogoutToken(server.url);
    log(`revocation: holder index cost over ${INDEX_LOGINS} logins (session + grant) on one redis-server and on a Cluster`);
    lines.push(`Holder index cost per login (a session and a grant saved, ${INDEX_LOGINS} logins, without → with the index)`);
    lines.push(await indexCost(single, 'one redis-server'));
    lines.push(await indexCost(clustered, '3-primary Cluster'));
    return `${lines.join('\n')}\n`;
  } finally {
    single.disconnect();
    clustered.disconnect();
    await Promise.all([server.stop(), cluster.stop()]);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchRevocation((message) => process.stderr.write(`${message}\n`))
    .then((report) => process.stdout.write(report))
    .catch((error: unknown) => {
      process.stderr.write(`revocation bench failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    });
}
