// Bench section: what rate limiting costs on the happy path (a token call reads two counts, a login writes one), memory and Redis.
// Alone: `npx tsx bench/rate-limits.ts` (starts a throwaway redis-server); in `npm run bench` it runs after the main tables.
import { pathToFileURL } from 'node:url';
import { createLimiter, type LimiterBackend } from '../src/ratelimit/limiter.ts';
import { createRedis, waitForRedis } from '../src/store/redis.ts';
import { startRedisServer } from '../test/support/redis-server.ts';

const OPERATIONS = Number(process.env['BENCH_RATE_LIMIT_OPS'] ?? 5000);
const CONCURRENCY = 16;

interface Cost {
  backend: string;
  path: string;
  /** Wall-clock microseconds per request at CONCURRENCY in flight. */
  wallMicros: number;
  /** This process's CPU microseconds per request (what the limit adds to the server). */
  cpuMicros: number;
}

async function cost(backend: string, path: string, operation: (index: number) => Promise<unknown>): Promise<Cost> {
  for (let i = 0; i < 200; i += 1) await operation(i); // warm-up
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < OPERATIONS) await operation(next++);
  }));
  const wall = (performance.now() - started) * 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { backend, path, wallMicros: wall / OPERATIONS, cpuMicros: (cpu.user + cpu.system) / OPERATIONS };
}

/** The happy path as the middleware runs it: token/introspection/revocation peek per source and per client; /auth counts one login. */
async function costsOn(name: string, backend: LimiterBackend): Promise<Cost[]> {
  const perIp = createLimiter('bench-ip', { points: 100, durationSeconds: 300 }, backend);
  const perClient = createLimiter('bench-client', { points: 20, durationSeconds: 300 }, backend);
  const logins = createLimiter('bench-logins', { points: 1_000_000_000, durationSeconds: 60 }, backend);
  return [
    await cost(name, 'token call (2 reads)', (i) => Promise.all([perIp.peek(`10.0.${i % 250}.1`), perClient.peek(`client-${i % 50}`)])),
    await cost(name, 'new login (1 count)', (i) => logins.hit(`10.1.${i % 250}.1`)),
  ];
}

export async function rateLimitBench(redisUrl?: string): Promise<void> {
  const costs = await costsOn('memory', { kind: 'memory' });
  if (redisUrl) {
    const client = createRedis({ url: redisUrl, tls: false, keyPrefix: 'bench-rl' });
    await waitForRedis(client);
    try {
      costs.push(...(await costsOn('redis', { kind: 'redis', client, keyPrefix: 'bench-rl' })));
    } finally {
      client.disconnect();
    }
  }
  const lines = [
    '',
    `Rate limiting, happy path (${OPERATIONS} requests, ${CONCURRENCY} in flight): added cost per request`,
    '  backend  request                 wall µs   CPU µs',
    ...costs.map((c) => `  ${c.backend.padEnd(8)} ${c.path.padEnd(23)} ${c.wallMicros.toFixed(1).padStart(7)} ${c.cpuMicros.toFixed(1).padStart(8)}`),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const redis = await startRedisServer();
  try {
    await rateLimitBench(redis.url);
  } finally {
    await redis.stop();
  }
}
