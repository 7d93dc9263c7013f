// Bench section: admin API reads and writes per second over real HTTP (memory and Redis), and the login's directory
// lookup with a small and a large live directory (its cost must not grow with the directory). `npx tsx bench/admin.ts` runs it alone.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import Koa from 'koa';
import { createAdminApiRouter } from '../src/admin/api/router.ts';
import { SEED_ACTOR } from '../src/admin/seed.ts';
import { createAdminService } from '../src/admin/service.ts';
import { LiveDirectory } from '../src/directory/live-directory.ts';
import { MemoryRecordStore } from '../src/directory/memory-record-store.ts';
import { RedisRecordStore } from '../src/directory/redis-record-store.ts';
import { loadDirectoryWorld } from '../src/directory/world.ts';
import { silentLogger } from '../src/observability/logger.ts';
import { createRedis, waitForRedis, type RedisClient } from '../src/store/redis.ts';
import { startRedisServer } from '../test/support/redis-server.ts';
import { measure, type Measurement } from './measure.ts';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 4);
const CONCURRENCY = 4;
const JENS = { kind: 'business_user' as const, uuid: '3240a090-fde3-4e45-8018-edbecd0706b7' };
const SECRET = 'bench-directory-index-secret';
const CVR = '12345674';

/** A valid CVR for the n-th bench organisation (8 digits, modulus 11). */
function cvrFor(n: number): string {
  for (let candidate = 20_000_000 + n * 17; ; candidate++) {
    const digits = String(candidate);
    const sum = [2, 7, 6, 5, 4, 3, 2, 1].reduce((acc, weight, i) => acc + weight * Number(digits[i]), 0);
    if (sum % 11 === 0) return digits;
  }
}

async function seeded(store: 'memory' | 'redis', redis: RedisClient | undefined, extraOrganisations: number): Promise<LiveDirectory> {
  const directory = new LiveDirectory(
    store === 'memory' ? new MemoryRecordStore() : new RedisRecordStore(redis!, `bench-admin-${Date.now()}-${extraOrganisations}`),
    SECRET,
  );
  const world = await loadDirectoryWorld('config/demo-world.json');
  const template = world.businessUsers[0]!;
  const organisations = Array.from({ length: extraOrganisations }, (_, i) => ({
    ...world.organisations[0]!,
    cvr: cvrFor(i),
    name: `Bench ${i}`,
  }));
  const users = organisations.flatMap((org, i) =>
    Array.from({ length: 10 }, (_, j) => ({
      ...template,
      uuid: `00000000-0000-4000-8000-${String(i * 10 + j).padStart(12, '0')}`,
      cvr: org.cvr,
      personCpr: `01019${String(i * 10 + j).padStart(5, '0')}`,
      roles: [],
    })),
  );
  await createAdminService({ directory, publicUrl: 'http://bench' }).importDirectory(SEED_ACTOR, {
    ...world,
    organisations: [...world.organisations, ...organisations],
    businessUsers: [...world.businessUsers, ...users],
  });
  return directory;
}

async function serve(directory: LiveDirectory): Promise<{ url: string; close: () => Promise<void> }> {
  const app = new Koa();
  // Authentication is the JWT check of every resource server; the bench measures the service and storage behind it.
  app.use(
    createAdminApiRouter({
      service: createAdminService({ directory, publicUrl: 'http://bench' }),
      logger: silentLogger(),
      authenticate: async () => JENS,
    }).routes(),
  );
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/admin/api/v1`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function ok(response: Response): Promise<void> {
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
}

function row(what: string, store: string, m: Measurement): string {
  return `| ${what} | ${store} | ${m.perSecond.toFixed(0)} | ${m.p50Ms.toFixed(2)} | ${m.p99Ms.toFixed(2)} |${m.failed ? ` ${m.failed} failed (${m.firstError})` : ''}`;
}

/** Runs the section and returns its table (markdown). */
export async function adminBench(redisUrl: string | undefined): Promise<string> {
  const redis = redisUrl ? createRedis({ url: redisUrl, tls: false, keyPrefix: 'bench-admin' }) : undefined;
  if (redis) await waitForRedis(redis);
  const rows: string[] = [];
  try {
    for (const store of redis ? (['memory', 'redis'] as const) : (['memory'] as const)) {
      const api = await serve(await seeded(store, redis, 0));
      const user = `${api.url}/organisations/${CVR}/users/${JENS.uuid}`;
      // Warm-up (JIT, connections) so the first row does not pay for it.
      await measure(CONCURRENCY, async () => ok(await fetch(user)), { items: Array.from({ length: 400 }, (_, i) => i) });
      rows.push(
        row('read a user (GET)', store, await measure(CONCURRENCY, async () => ok(await fetch(user)), { durationMs: SECONDS * 1000 })),
      );
      rows.push(
        row(
          'list users (GET, page of 50)',
          store,
          await measure(CONCURRENCY, async () => ok(await fetch(`${api.url}/organisations/${CVR}/users`)), { durationMs: SECONDS * 1000 }),
        ),
      );
      let n = 0;
      rows.push(
        row(
          'create a user (POST, audit + index)',
          store,
          await measure(
            CONCURRENCY,
            async () =>
              ok(
                await fetch(`${api.url}/organisations/${CVR}/users`, {
                  method: 'POST',
                  headers: { 'content-type': 'application/json' },
                  body: JSON.stringify({ givenName: `B${n++}`, familyName: 'Bench', email: 'b@example.dk', birthDate: '1990-01-01' }),
                }),
              ),
            { durationMs: SECONDS * 1000 },
          ),
        ),
      );
      // One writer per record: each retries on 412 (the version moved under it) so every write counts once it lands.
      rows.push(
        row(
          'update a user (PATCH, serial)',
          store,
          await measure(
            1,
            async () =>
              ok(
                await fetch(user, {
                  method: 'PATCH',
                  headers: { 'content-type': 'application/json' },
                  body: JSON.stringify({ familyName: `H${n++}` }),
                }),
              ),
            { durationMs: SECONDS * 1000 },
          ),
        ),
      );
      await api.close();
      for (const extra of [0, 500]) {
        const directory = await seeded(store, redis, extra);
        const m = await measure(CONCURRENCY, () => directory.findBusinessUsersByPersonCpr('1505801234'), {
          durationMs: (SECONDS * 1000) / 2,
        });
        rows.push(row(`login lookup by CPR, ${3 + extra} organisations / ${5 + extra * 10} users`, store, m));
      }
    }
  } finally {
    redis?.disconnect();
  }
  return [
    '### Admin API and the live directory',
    '',
    `| operation | store | per second | p50 ms | p99 ms |`,
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startRedisServer();
  try {
    process.stdout.write(`${await adminBench(server.url)}\n`);
  } finally {
    await server.stop();
  }
}
