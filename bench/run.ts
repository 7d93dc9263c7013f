// `npm run bench`: Kontekst (two topologies) vs a bare oidc-provider, in memory and on Redis, on this machine, in one run; prints tables.
//
// Topologies: `embedded` — Kontekst with its built-in MitID simulator in the same process (the development
// setup); `separate` — the MitID simulator as its own server, Kontekst talking to it as to any upstream
// (the production shape: MitID is another machine), so Kontekst's own CPU per login can be read alone;
// `bare` — the baseline oidc-provider with an auto-login interaction on Kontekst's adapter, keys and Koa host
// (isolates Kontekst's own logic); `library` — oidc-provider as the library ships it (default configuration,
// in-memory adapter, its own Koa app) with the same interaction: the issue-15 baseline, memory store only.
//
// Needs redis-server on PATH (a throwaway one is started on a free port). Tunables (environment):
//   BENCH_SECONDS      seconds per full-flow concurrency level (default 4)
//   BENCH_LEVELS       concurrency levels, comma-separated (default 1,4,16)
//   BENCH_TOKENS       codes / refresh tokens per server and grant, redeemed in 4 interleaved rounds (default 600)
//   BENCH_STORES       memory,redis (default both)
//   BENCH_TOPOLOGIES   embedded,separate,bare,library (default all four)
//   BENCH_BREAKDOWN_LOGINS logins run alone for the request-by-request table (default 20; 0 = none)
//   BENCH_CPU_PROF_DIR write a CPU profile (node --cpu-prof) of each server process into this directory
//   BENCH_REVOCATION   0 = skip the revocation section (bench/revocation.ts, also runnable alone)
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startRedisServer, type RedisServerHandle } from '../test/support/redis-server.ts';
import { requestBreakdown } from './breakdown.ts';
import { fullFlow, issueCodes, redeemCode, token, type Endpoint } from './flows.ts';
import { combine, measure, type Measurement } from './measure.ts';
import type { Counts, Owner, Usage } from './probe.ts';
import { freePort, startBenchServer, type BenchServer } from './servers.ts';
import { printReport, type Memory, type ServerReport, type Topology } from './report.ts';
import { rateLimitBench } from './rate-limits.ts';
import { runImportBench } from './import.ts';
import { benchRevocation } from './revocation.ts';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 4);
const LEVELS = (process.env['BENCH_LEVELS'] ?? '1,4,16').split(',').map(Number);
const TOKENS = Number(process.env['BENCH_TOKENS'] ?? 600);
const STORES = (process.env['BENCH_STORES'] ?? 'memory,redis').split(',') as ('memory' | 'redis')[];
const TOPOLOGIES = (process.env['BENCH_TOPOLOGIES'] ?? 'embedded,separate,bare,library').split(',') as Topology[];
const TOKEN_CONCURRENCY = 4;
const TOKEN_ROUNDS = 4;
const FLOW_ROUNDS = 4;
const PROBE_LOGINS = 10;
const BREAKDOWN_LOGINS = Number(process.env['BENCH_BREAKDOWN_LOGINS'] ?? 20);
const WARMUP = 24;
/**
 * oidc-provider's default in-memory adapter is an LRU of 1000 entries: with more codes, their access and
 * refresh tokens evict the refresh tokens waiting for their round (invalid_grant), so the library default
 * redeems fewer (CPU is per grant either way).
 */
const LIBRARY_MAX_TOKENS = 200;
/** Kontekst's fixed upstream callback (src/bootstrap.ts UPSTREAM_CALLBACK_PATH). */
const CALLBACK_PATH = '/login/mitid/callback';

type OwnerCounts = Record<Owner, Counts> & { allRoundTrips: number; ownRoundTrips: number };

async function getJson<T>(url: string, method = 'GET'): Promise<T> {
  const response = await fetch(url, { method });
  return (response.status === 204 ? null : await response.json()) as T;
}

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

function check(result: Measurement, what: string): Measurement {
  if (result.failed > 0) log(`  ! ${what}: ${result.failed} failed (${result.firstError})`);
  return result;
}

interface Running {
  topology: Topology;
  store: 'memory' | 'redis';
  endpoint: Endpoint;
  server: BenchServer;
  /** The MitID simulator's own server (topology `separate`). */
  simulator?: BenchServer;
  memoryBefore: Memory;
  simulatorMemoryBefore?: Memory;
  flows: Measurement[];
  extraLogins: number;
}

const cpuMicros = async (server: BenchServer) => (await getJson<{ micros: number }>(`${server.url}/__bench/cpu`)).micros;

/**
 * Runs a measurement and adds the server's (and a separate simulator's) CPU milliseconds per completed operation.
 * A forced GC first (the memory probe collects), so garbage of the previous phase is not billed to this one.
 */
async function withServerCpu(run: Running, measurement: () => Promise<Measurement>, what: string): Promise<Measurement> {
  await Promise.all([run.server, run.simulator].map((server) => server && getJson(`${server.url}/__bench/memory`)));
  const [before, simulatorBefore] = await Promise.all([cpuMicros(run.server), run.simulator ? cpuMicros(run.simulator) : 0]);
  const result = check(await measurement(), what);
  const [after, simulatorAfter] = await Promise.all([cpuMicros(run.server), run.simulator ? cpuMicros(run.simulator) : 0]);
  const per = (micros: number) => micros / 1000 / Math.max(1, result.completed);
  return { ...result, serverCpuMs: per(after - before), ...(run.simulator ? { simulatorCpuMs: per(simulatorAfter - simulatorBefore) } : {}) };
}

/** Round trips and bytes per login: logins run one at a time, so each awaited batch is one round trip. */
async function probeRedis(run: Running): Promise<ServerReport['redis']> {
  const { server, topology } = run;
  log(`${topology}/redis: Redis round trips and bytes over ${PROBE_LOGINS} logins run one at a time`);
  await getJson(`${server.url}/__bench/redis/usage/mark`, 'POST');
  await getJson(`${server.url}/__bench/redis/reset`, 'POST');
  for (let i = 0; i < PROBE_LOGINS; i += 1) await fullFlow(run.endpoint);
  const counts = await getJson<OwnerCounts>(`${server.url}/__bench/redis/counts`);
  // Only keys these logins created and that are still live: what a completed login leaves in Redis.
  const stored = await getJson<Record<Owner, Usage>>(`${server.url}/__bench/redis/usage?since=mark`);
  run.extraLogins += PROBE_LOGINS;
  const per = (value: number) => value / PROBE_LOGINS;
  const byName: Record<string, number> = {};
  for (const owner of ['kontekst', 'directory'] as const) {
    for (const [name, count] of Object.entries(counts[owner].byName)) byName[name] = (byName[name] ?? 0) + per(count);
  }
  return {
    roundTrips: per(counts.ownRoundTrips),
    commands: per(counts.kontekst.commands + counts.directory.commands),
    simulatorRoundTrips: per(counts.simulator.roundTrips),
    allRoundTrips: per(counts.allRoundTrips),
    bytes: per(stored.kontekst.bytes),
    keys: per(stored.kontekst.keys),
    simulatorBytes: per(stored.simulator.bytes),
    byName,
  };
}

/**
 * Token grants of every server, interleaved: in each of TOKEN_ROUNDS rounds every server in turn gets a slice
 * of codes issued on fresh sessions and redeems them at once (codes live 60 s: issued all ahead, the last
 * rounds' codes expired on a busy machine); then the refresh tokens are refreshed likewise. Short phases
 * alternating between servers keep a burst of background load or a major GC from deciding a ratio.
 */
async function tokenGrants(runs: Running[]): Promise<Map<Running, { redemption: Measurement; refresh: Measurement }>> {
  const tokensOf = (run: Running) => (run.topology === 'library' ? Math.min(TOKENS, LIBRARY_MAX_TOKENS) : TOKENS);
  const perRound = (run: Running) => Math.ceil(tokensOf(run) / TOKEN_ROUNDS);
  const refreshTokens = new Map<Running, string[]>(runs.map((run) => [run, []]));
  const rounds = new Map<Running, { redemption: Measurement[]; refresh: Measurement[] }>(runs.map((run) => [run, { redemption: [], refresh: [] }]));
  log(`token grants: ${TOKEN_ROUNDS} rounds of code redemptions (codes issued on ${TOKEN_CONCURRENCY} sessions just before), then of refreshes, servers in turn`);
  for (let round = 0; round < TOKEN_ROUNDS; round += 1) {
    for (const run of runs) {
      const codes = await issueCodes(run.endpoint, perRound(run), TOKEN_CONCURRENCY);
      run.extraLogins += TOKEN_CONCURRENCY;
      rounds.get(run)!.redemption.push(await withServerCpu(run, () => measure(TOKEN_CONCURRENCY, async (item) => {
        const tokens = await redeemCode(run.endpoint.issuer, item!.callbackUrl, item!.request);
        if (tokens.refresh_token) refreshTokens.get(run)!.push(tokens.refresh_token);
      }, { items: codes }), `${run.topology}/${run.store} code redemption`));
    }
  }
  for (let round = 0; round < TOKEN_ROUNDS; round += 1) {
    for (const run of runs) {
      const slice = refreshTokens.get(run)!.slice(round * perRound(run), (round + 1) * perRound(run));
      rounds.get(run)!.refresh.push(await withServerCpu(run, () => measure(TOKEN_CONCURRENCY,
        (item) => token(run.endpoint.issuer, { grant_type: 'refresh_token', refresh_token: item! }), { items: slice }), `${run.topology}/${run.store} refresh`));
    }
  }
  return new Map(runs.map((run) => [run, { redemption: combine(rounds.get(run)!.redemption), refresh: combine(rounds.get(run)!.refresh) }]));
}

/** Two distinct free ports (the simulator and Kontekst must know each other's URL before either starts). */
async function twoPorts(): Promise<[number, number]> {
  const first = await freePort();
  let second = await freePort();
  while (second === first) second = await freePort();
  return [first, second];
}

async function startTopology(topology: Topology, store: 'memory' | 'redis', baseEnv: Record<string, string>): Promise<Running> {
  log(`starting ${topology} (${store})`);
  const memory = (server: BenchServer) => getJson<Memory>(`${server.url}/__bench/memory`);
  const running = (server: BenchServer, endpoint: Endpoint, simulator?: BenchServer) => ({ topology, store, endpoint, server, simulator, flows: [], extraLogins: 0 });
  if (topology === 'bare' || topology === 'library') {
    const server = await startBenchServer(topology, `bench/${topology}-server.ts`, baseEnv);
    return { ...running(server, { target: 'bare', issuer: server.url, origins: [] }), memoryBefore: await memory(server) };
  }
  if (topology === 'embedded') {
    const server = await startBenchServer('kontekst', 'bench/kontekst-server.ts', baseEnv);
    return { ...running(server, { target: 'kontekst', issuer: server.url, origins: [] }), memoryBefore: await memory(server) };
  }
  const [simulatorPort, kontekstPort] = await twoPorts();
  const simulatorUrl = `http://127.0.0.1:${simulatorPort}`;
  const kontekstUrl = `http://127.0.0.1:${kontekstPort}`;
  const secret = randomBytes(24).toString('base64url');
  const simulator = await startBenchServer('mitid-simulator', 'bench/simulator-server.ts', {
    NODE_ENV: 'test',
    LOG_LEVEL: baseEnv['LOG_LEVEL']!,
    SIMULATOR_HOST: '127.0.0.1',
    SIMULATOR_PORT: String(simulatorPort),
    SIMULATOR_PUBLIC_URL: simulatorUrl,
    SIMULATOR_CLIENT_ID: 'kontekst',
    SIMULATOR_CLIENT_SECRET: secret,
    SIMULATOR_REDIRECT_URIS: `${kontekstUrl}${CALLBACK_PATH}`,
  }, { port: simulatorPort, readyPath: '/mitid-sim/.well-known/openid-configuration' });
  try {
    const server = await startBenchServer('kontekst', 'bench/kontekst-server.ts', {
      ...baseEnv,
      SIMULATOR_ENABLED: 'false',
      UPSTREAM_ISSUER: `${simulatorUrl}/mitid-sim`,
      UPSTREAM_CLIENT_ID: 'kontekst',
      UPSTREAM_CLIENT_AUTH: 'client_secret_basic',
      UPSTREAM_CLIENT_SECRET: secret,
      // The simulator's ID token carries every claim (as the built-in one's, where this is the default).
      UPSTREAM_CLAIMS_FROM_ID_TOKEN: 'true',
    }, { port: kontekstPort });
    return {
      ...running(server, { target: 'kontekst', issuer: server.url, origins: [simulatorUrl] }, simulator),
      memoryBefore: await memory(server),
      simulatorMemoryBefore: await memory(simulator),
    };
  } catch (error) {
    await simulator.stop();
    throw error;
  }
}

/**
 * All servers of one store run side by side and are measured in turns (level by level, each topology in
 * turn), so background load on the machine hits them alike and the ratios stay comparable.
 */
async function benchStore(store: 'memory' | 'redis', redisUrl: string | undefined, keysDir: string): Promise<ServerReport[]> {
  const runs: Running[] = [];
  try {
    // The library default has only its in-memory adapter.
    for (const topology of TOPOLOGIES.filter((candidate) => store === 'memory' || candidate !== 'library')) {
      runs.push(await startTopology(topology, store, {
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        KEYS_DIR: keysDir,
        // One load generator is one source address: the limit stays on (its cost is measured) but never refuses.
        RATE_LIMIT_LOGINS_PER_IP: '1000000/60',
        DEMO_RP_ENABLED: 'false',
        ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `bench-${topology}` } : {}),
      }));
    }
    for (const run of runs) {
      log(`${run.topology}/${store}: warm-up`);
      await measure(4, () => fullFlow(run.endpoint), { items: Array.from({ length: WARMUP }, (_, i) => i) });
      run.extraLogins += WARMUP;
    }
    for (const level of LEVELS) {
      // Each level in FLOW_ROUNDS slices, servers in turn: a burst of background load lands on all of them alike.
      const slices = new Map<Running, Measurement[]>(runs.map((run) => [run, []]));
      log(`${store}: full flows at concurrency ${level}, ${FLOW_ROUNDS} rounds of ${SECONDS / FLOW_ROUNDS}s per server`);
      for (let round = 0; round < FLOW_ROUNDS; round += 1) {
        for (const run of runs) {
          slices.get(run)!.push(await withServerCpu(run, () => measure(level, () => fullFlow(run.endpoint), { durationMs: (SECONDS * 1000) / FLOW_ROUNDS }), `${run.topology}/${store} c=${level}`));
        }
      }
      for (const run of runs) run.flows.push(combine(slices.get(run)!));
    }
    const grants = await tokenGrants(runs);
    const reports: ServerReport[] = [];
    for (const run of runs) {
      const redis = store === 'redis' ? await probeRedis(run) : undefined;
      // Request by request on Redis: the production-shaped Kontekst (no simulator work mixed in) and the baseline.
      const breakdownOn = ['bare', TOPOLOGIES.includes('separate') ? 'separate' : 'embedded'];
      let breakdown: ServerReport['breakdown'];
      if (store === 'redis' && breakdownOn.includes(run.topology) && BREAKDOWN_LOGINS > 0) {
        log(`${run.topology}/redis: request-by-request CPU and Redis over ${BREAKDOWN_LOGINS} logins run one at a time`);
        breakdown = await requestBreakdown(run.endpoint, { logins: BREAKDOWN_LOGINS, simulatorUrl: run.simulator?.url });
        run.extraLogins += BREAKDOWN_LOGINS;
      }
      const sessions = run.flows.reduce((sum, flow) => sum + flow.completed, 0) + run.extraLogins;
      const memoryAfter = await getJson<Memory>(`${run.server.url}/__bench/memory`);
      const simulatorMemory = run.simulator && run.simulatorMemoryBefore
        ? { before: run.simulatorMemoryBefore, after: await getJson<Memory>(`${run.simulator.url}/__bench/memory`) }
        : undefined;
      reports.push({ topology: run.topology, store, flows: run.flows, ...grants.get(run)!, redis, breakdown, memoryBefore: run.memoryBefore, memoryAfter, simulatorMemory, sessions });
    }
    return reports;
  } finally {
    await Promise.all(runs.flatMap((run) => [run.server.stop(), run.simulator?.stop()]));
  }
}

async function main(): Promise<void> {
  const keysDir = mkdtempSync(join(tmpdir(), 'kontekst-bench-keys-'));
  let redisServer: RedisServerHandle | undefined;
  const reports: ServerReport[] = [];
  const started = Date.now();
  try {
    if (STORES.includes('redis')) redisServer = await startRedisServer();
    for (const store of STORES) reports.push(...(await benchStore(store, store === 'redis' ? redisServer!.url : undefined, keysDir)));
    await rateLimitBench(redisServer?.url);
  } finally {
    await redisServer?.stop();
    rmSync(keysDir, { recursive: true, force: true });
  }
  printReport(reports, {
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
    seconds: (Date.now() - started) / 1000,
    levels: LEVELS,
    tokenConcurrency: TOKEN_CONCURRENCY,
    flowSeconds: SECONDS,
  });
  await runImportBench();
  if (process.env['BENCH_REVOCATION'] !== '0') process.stdout.write(`\n${await benchRevocation(log)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
