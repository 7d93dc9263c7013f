// `npm run bench`: Kontekst vs a bare oidc-provider, in memory and on Redis, on this machine, in one run; prints a table.
//
// Needs redis-server on PATH (a throwaway one is started on a free port). Tunables (environment):
//   BENCH_SECONDS      seconds per full-flow concurrency level (default 4)
//   BENCH_LEVELS       concurrency levels, comma-separated (default 1,4,16)
//   BENCH_TOKENS       codes / refresh tokens per token-endpoint measurement (default 400)
//   BENCH_STORES       memory,redis (default both)
//   BENCH_CPU_PROF_DIR write a CPU profile (node --cpu-prof) of each server process into this directory
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { startRedisServer, type RedisServerHandle } from '../test/support/redis-server.ts';
import { fullFlow, issueCodes, redeemCode, token, type Target } from './flows.ts';
import { measure, type Measurement } from './measure.ts';
import { startBenchServer, type BenchServer } from './servers.ts';
import { printReport, type ServerReport } from './report.ts';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 4);
const LEVELS = (process.env['BENCH_LEVELS'] ?? '1,4,16').split(',').map(Number);
const TOKENS = Number(process.env['BENCH_TOKENS'] ?? 400);
const STORES = (process.env['BENCH_STORES'] ?? 'memory,redis').split(',') as ('memory' | 'redis')[];
const TOKEN_CONCURRENCY = 4;
const PROBE_LOGINS = 10;
const WARMUP = 24;

type Memory = { rss: number; heapUsed: number };
type OwnerCounts = Record<'kontekst' | 'simulator' | 'directory', { commands: number; roundTrips: number; byName: Record<string, number> }> & { allRoundTrips: number };
type OwnerUsage = Record<'kontekst' | 'simulator' | 'directory', { keys: number; bytes: number }>;

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

/** Runs a measurement and adds the server process's CPU milliseconds per completed operation. */
async function withServerCpu(server: BenchServer, run: () => Promise<Measurement>, what: string): Promise<Measurement> {
  const before = await getJson<{ micros: number }>(`${server.url}/__bench/cpu`);
  const result = check(await run(), what);
  const after = await getJson<{ micros: number }>(`${server.url}/__bench/cpu`);
  return { ...result, serverCpuMs: (after.micros - before.micros) / 1000 / Math.max(1, result.completed) };
}

interface Running {
  target: Target;
  store: 'memory' | 'redis';
  server: BenchServer;
  memoryBefore: Memory;
  flows: Measurement[];
  extraLogins: number;
}

/** Round trips and bytes per login: logins run one at a time, so each awaited batch is one round trip. */
async function probeRedis(run: Running): Promise<ServerReport['redis']> {
  const { server, target } = run;
  log(`${target}/redis: Redis round trips and bytes over ${PROBE_LOGINS} logins run one at a time`);
  const before = await getJson<OwnerUsage>(`${server.url}/__bench/redis/usage`);
  await getJson(`${server.url}/__bench/redis/reset`, 'POST');
  for (let i = 0; i < PROBE_LOGINS; i += 1) await fullFlow(target, server.url);
  const counts = await getJson<OwnerCounts>(`${server.url}/__bench/redis/counts`);
  const after = await getJson<OwnerUsage>(`${server.url}/__bench/redis/usage`);
  run.extraLogins += PROBE_LOGINS;
  const per = (value: number) => value / PROBE_LOGINS;
  return {
    roundTrips: per(counts.kontekst.roundTrips + counts.directory.roundTrips),
    commands: per(counts.kontekst.commands + counts.directory.commands),
    simulatorRoundTrips: per(counts.simulator.roundTrips),
    allRoundTrips: per(counts.allRoundTrips),
    bytes: per(after.kontekst.bytes - before.kontekst.bytes),
    keys: per(after.kontekst.keys - before.kontekst.keys),
    simulatorBytes: per(after.simulator.bytes - before.simulator.bytes),
    byName: Object.fromEntries(Object.entries({ ...counts.kontekst.byName }).map(([name, count]) => [name, per(count)])),
  };
}

async function tokenGrants(run: Running): Promise<{ redemption: Measurement; refresh: Measurement }> {
  const { server, target, store } = run;
  const label = `${target}/${store}`;
  log(`${label}: ${TOKENS} codes issued on one session, redeemed, then refreshed`);
  const codes = await issueCodes(target, server.url, TOKENS);
  run.extraLogins += 1;
  const refreshTokens: string[] = [];
  const redemption = await withServerCpu(server, () => measure(TOKEN_CONCURRENCY, async (item) => {
    const tokens = await redeemCode(server.url, item!.callbackUrl, item!.request);
    if (tokens.refresh_token) refreshTokens.push(tokens.refresh_token);
  }, { items: codes }), `${label} code redemption`);
  const refresh = await withServerCpu(server, () => measure(TOKEN_CONCURRENCY, (item) => token(server.url, { grant_type: 'refresh_token', refresh_token: item! }), { items: refreshTokens }), `${label} refresh`);
  return { redemption, refresh };
}

/**
 * Both servers of one store run side by side and are measured in turns (Kontekst, then bare, level by
 * level), so background load on the machine hits both alike and the ratios stay comparable.
 */
async function benchStore(store: 'memory' | 'redis', redisUrl: string | undefined, keysDir: string): Promise<ServerReport[]> {
  const runs: Running[] = [];
  try {
    for (const target of ['kontekst', 'bare'] as const) {
      const env: Record<string, string> = {
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        KEYS_DIR: keysDir,
        DEMO_RP_ENABLED: 'false',
        ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `bench-${target}` } : {}),
      };
      log(`starting ${target} (${store})`);
      const server = await startBenchServer(target, target === 'kontekst' ? 'bench/kontekst-server.ts' : 'bench/bare-server.ts', env);
      runs.push({ target, store, server, memoryBefore: await getJson<Memory>(`${server.url}/__bench/memory`), flows: [], extraLogins: 0 });
    }
    for (const run of runs) {
      log(`${run.target}/${store}: warm-up`);
      await measure(4, () => fullFlow(run.target, run.server.url), { items: Array.from({ length: WARMUP }, (_, i) => i) });
      run.extraLogins += WARMUP;
    }
    for (const level of LEVELS) {
      for (const run of runs) {
        log(`${run.target}/${store}: full flows at concurrency ${level} for ${SECONDS}s`);
        run.flows.push(await withServerCpu(run.server, () => measure(level, () => fullFlow(run.target, run.server.url), { durationMs: SECONDS * 1000 }), `${run.target}/${store} c=${level}`));
      }
    }
    const reports: ServerReport[] = [];
    for (const run of runs) {
      const grants = await tokenGrants(run);
      const redis = store === 'redis' ? await probeRedis(run) : undefined;
      const sessions = run.flows.reduce((sum, flow) => sum + flow.completed, 0) + run.extraLogins;
      const memoryAfter = await getJson<Memory>(`${run.server.url}/__bench/memory`);
      reports.push({ target: run.target, store, flows: run.flows, ...grants, redis, memoryBefore: run.memoryBefore, memoryAfter, sessions });
    }
    return reports;
  } finally {
    await Promise.all(runs.map((run) => run.server.stop()));
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
  } finally {
    await redisServer?.stop();
    rmSync(keysDir, { recursive: true, force: true });
  }
  printReport(reports, {
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
    seconds: (Date.now() - started) / 1000,
    levels: LEVELS,
    tokenConcurrency: TOKEN_CONCURRENCY,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
