// `npm run bench`: Kontekst vs a bare oidc-provider, in memory and on Redis, on this machine, in one run; prints a table.
//
// Needs redis-server on PATH (a throwaway one is started on a free port). Tunables (environment):
//   BENCH_SECONDS      seconds per full-flow concurrency level (default 4)
//   BENCH_LEVELS       concurrency levels, comma-separated (default 1,4,16)
//   BENCH_TOKENS       codes / refresh tokens per token-endpoint measurement (default 400)
//   BENCH_STORES       memory,redis (default both)
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

async function benchServer(target: Target, store: 'memory' | 'redis', server: BenchServer): Promise<ServerReport> {
  const label = `${target}/${store}`;
  const memoryBefore = await getJson<Memory>(`${server.url}/__bench/memory`);
  log(`${label}: warm-up`);
  await measure(4, () => fullFlow(target, server.url), { items: Array.from({ length: 24 }, (_, i) => i) });

  const flows: Measurement[] = [];
  for (const level of LEVELS) {
    log(`${label}: full flows at concurrency ${level} for ${SECONDS}s`);
    flows.push(check(await measure(level, () => fullFlow(target, server.url), { durationMs: SECONDS * 1000 }), `${label} flows c=${level}`));
  }

  log(`${label}: issuing ${TOKENS} codes on one session`);
  const codes = await issueCodes(target, server.url, TOKENS);
  const refreshTokens: string[] = [];
  const redemption = check(await measure(TOKEN_CONCURRENCY, async (item) => {
    const tokens = await redeemCode(server.url, item!.callbackUrl, item!.request);
    if (tokens.refresh_token) refreshTokens.push(tokens.refresh_token);
  }, { items: codes }), `${label} code redemption`);
  const refresh = check(await measure(TOKEN_CONCURRENCY, (item) => token(server.url, { grant_type: 'refresh_token', refresh_token: item! }), { items: refreshTokens }), `${label} refresh`);

  let redis: ServerReport['redis'];
  if (store === 'redis') {
    log(`${label}: Redis round trips and bytes over ${PROBE_LOGINS} logins run one at a time`);
    const before = await getJson<OwnerUsage>(`${server.url}/__bench/redis/usage`);
    await getJson(`${server.url}/__bench/redis/reset`, 'POST');
    for (let i = 0; i < PROBE_LOGINS; i += 1) await fullFlow(target, server.url);
    const counts = await getJson<OwnerCounts>(`${server.url}/__bench/redis/counts`);
    const after = await getJson<OwnerUsage>(`${server.url}/__bench/redis/usage`);
    const per = (value: number) => value / PROBE_LOGINS;
    redis = {
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
  const sessions = flows.reduce((sum, flow) => sum + flow.completed, 0) + 24 + 1 + (store === 'redis' ? PROBE_LOGINS : 0);
  const memoryAfter = await getJson<Memory>(`${server.url}/__bench/memory`);
  return { target, store, flows, redemption, refresh, redis, memoryBefore, memoryAfter, sessions };
}

async function main(): Promise<void> {
  const keysDir = mkdtempSync(join(tmpdir(), 'kontekst-bench-keys-'));
  let redisServer: RedisServerHandle | undefined;
  const reports: ServerReport[] = [];
  const started = Date.now();
  try {
    if (STORES.includes('redis')) redisServer = await startRedisServer();
    for (const store of STORES) {
      for (const target of ['kontekst', 'bare'] as const) {
        const env: Record<string, string> = {
          NODE_ENV: 'test',
          LOG_LEVEL: 'info',
          KEYS_DIR: keysDir,
          DEMO_RP_ENABLED: 'false',
          ...(store === 'redis' ? { REDIS_URL: redisServer!.url, REDIS_KEY_PREFIX: `bench-${target}` } : {}),
        };
        log(`starting ${target} (${store})`);
        const server = await startBenchServer(target, target === 'kontekst' ? 'bench/kontekst-server.ts' : 'bench/bare-server.ts', env);
        try {
          reports.push(await benchServer(target, store, server));
        } finally {
          await server.stop();
        }
      }
    }
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
