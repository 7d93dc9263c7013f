// In-server measuring endpoints for the benchmark: memory, Redis commands and round trips, bytes stored (by owner).
import Router from '@koa/router';
import { Cluster, type Redis } from 'ioredis';
import type { RedisClient } from '../src/store/redis.ts';

/** Who a Redis key belongs to: Kontekst itself, the built-in MitID simulator (an upstream stand-in), or the directory. */
export type Owner = 'kontekst' | 'simulator' | 'directory';

export interface Counts {
  commands: number;
  roundTrips: number;
  byName: Record<string, number>;
  /** By command and key family, e.g. `hmget oidc:Session`, `evalsha kv:journey` (what each call touches). */
  byCall: Record<string, number>;
}

export interface Usage {
  keys: number;
  bytes: number;
}

function ownerOfKey(key: string): Owner {
  if (key.includes('mitid-sim')) return 'simulator';
  if (key.includes(':dir:')) return 'directory';
  return 'kontekst';
}

/**
 * The family of a key, ids dropped: `<prefix>:oidc:{Session:abc}` → `oidc:Session`, `…:oidc:{Grant:x}:tokens`
 * → `oidc:Grant.tokens`, `…:kv:{journey:uid}` → `kv:journey`, `…:dir:{org:123}:records` → `dir:org.records`, `…:rl:logins-ip:{ip}` → `rl:logins-ip`.
 */
export function keyFamily(key: string): string {
  const oidc = /:oidc:\{([^:}]+)[^}]*\}(:\w+)?$/.exec(key);
  if (oidc) return `oidc:${oidc[1]}${oidc[2] ? `.${oidc[2].slice(1)}` : ''}`;
  const kv = /:kv:\{([^:}]+)/.exec(key);
  if (kv) return `kv:${kv[1]}`;
  // Directory keys carry their hash tag ({dir-index}, {org:<cvr>}): keep the tag's kind and the key's last part.
  const dir = /:dir:\{([^}:]+)[^}]*\}:?([^:]*)/.exec(key);
  if (dir) return `dir:${dir[1]}${dir[2] ? `.${dir[2]}` : ''}`;
  const rateLimit = /:rl:([\w-]*)/.exec(key);
  if (rateLimit) return `rl:${rateLimit[1] || 'client'}`;
  return key.replace(/[\w-]{16,}/g, ':id');
}

interface Command {
  name: string;
  args: unknown[];
}

/** The keys a command touches: EVAL/EVALSHA declare theirs, the plain commands used here take one key first. */
function keysOf(command: Command): string[] {
  const name = command.name.toLowerCase();
  if (name === 'evalsha' || name === 'eval') {
    const count = Number(command.args[1]);
    return command.args.slice(2, 2 + count).map(String);
  }
  if (name === 'ping' || name === 'info' || name === 'scan' || name === 'memory') return [];
  return command.args.length ? [String(command.args[0])] : [];
}

/** One of Kontekst's own commands (Kontekst or directory keys), with the round trip it left in. */
export interface TraceEntry {
  seq: number;
  /** Kontekst's own round trip number (`ownRoundTrips` when it was sent). */
  roundTrip: number;
  call: string;
}

const TRACE_LIMIT = 4000;

/**
 * Wraps sendCommand (every ioredis command passes through it) and counts per owner: commands, and round
 * trips = batches sent in one event-loop turn (auto-pipelining writes them together; one login run alone
 * waits for each batch once). A command touching keys of several owners counts for the first.
 * `ownRoundTrips` counts Kontekst's and the directory's commands as one owner: sent in the same turn
 * they share one round trip. The last commands are kept in order (the step-by-step table).
 */
function countByOwner(redis: RedisClient) {
  const target = redis as unknown as { sendCommand: (command: Command, ...rest: unknown[]) => unknown };
  const original = target.sendCommand;
  const empty = (): Record<Owner, Counts> => ({
    kontekst: { commands: 0, roundTrips: 0, byName: {}, byCall: {} },
    simulator: { commands: 0, roundTrips: 0, byName: {}, byCall: {} },
    directory: { commands: 0, roundTrips: 0, byName: {}, byCall: {} },
  });
  let counts = empty();
  const open = new Set<Owner | 'own' | 'any'>();
  let closing = false;
  /** True the first time `batch` sends in this event-loop turn; the batch closes once the turn's writes are flushed. */
  const firstInTurn = (batch: Owner | 'own' | 'any'): boolean => {
    if (open.has(batch)) return false;
    open.add(batch);
    if (!closing) {
      closing = true;
      setImmediate(() => {
        open.clear();
        closing = false;
      });
    }
    return true;
  };
  let allRoundTrips = 0;
  let ownRoundTrips = 0;
  let seq = 0;
  let trace: TraceEntry[] = [];
  target.sendCommand = function counted(this: unknown, command: Command, ...rest: unknown[]) {
    const keys = keysOf(command);
    if (keys.length) {
      const owner = ownerOfKey(keys[0]!);
      const entry = counts[owner];
      entry.commands += 1;
      entry.byName[command.name] = (entry.byName[command.name] ?? 0) + 1;
      const call = `${command.name} ${keyFamily(keys[0]!)}${keys.length > 1 ? `+${keys.length - 1}` : ''}`;
      entry.byCall[call] = (entry.byCall[call] ?? 0) + 1;
      if (firstInTurn(owner)) entry.roundTrips += 1;
      if (firstInTurn('any')) allRoundTrips += 1;
      if (owner !== 'simulator') {
        if (firstInTurn('own')) ownRoundTrips += 1;
        seq += 1;
        trace.push({ seq, roundTrip: ownRoundTrips, call });
        if (trace.length > TRACE_LIMIT * 2) trace = trace.slice(-TRACE_LIMIT);
      }
    }
    return original.call(this, command, ...rest);
  };
  return {
    snapshot: () => ({ ...structuredClone(counts), allRoundTrips, ownRoundTrips }),
    traceSince: (since: number) => trace.filter((entry) => entry.seq > since),
    reset: () => {
      counts = empty();
      allRoundTrips = 0;
      ownRoundTrips = 0;
    },
  };
}

/** Keys and bytes by owner; keys in `skip` (those that existed at a mark) are left out. */
async function usageByOwner(redis: RedisClient, keyPrefix: string, skip?: ReadonlySet<string>): Promise<Record<Owner, Usage>> {
  const total: Record<Owner, Usage> = {
    kontekst: { keys: 0, bytes: 0 },
    simulator: { keys: 0, bytes: 0 },
    directory: { keys: 0, bytes: 0 },
  };
  const nodes: Redis[] = redis instanceof Cluster ? redis.nodes('master') : [redis];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, scanned] = await node.scan(cursor, 'MATCH', `${keyPrefix}:*`, 'COUNT', 1000);
      cursor = next;
      const keys = skip ? scanned.filter((key) => !skip.has(key)) : scanned;
      const pipeline = node.pipeline();
      for (const key of keys) pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
      const results = (await pipeline.exec()) ?? [];
      keys.forEach((key, index) => {
        const entry = total[ownerOfKey(key)];
        entry.keys += 1;
        entry.bytes += Number(results[index]?.[1]) || 0;
      });
    } while (cursor !== '0');
  }
  return total;
}

async function allKeys(redis: RedisClient, keyPrefix: string): Promise<Set<string>> {
  const keys = new Set<string>();
  const nodes: Redis[] = redis instanceof Cluster ? redis.nodes('master') : [redis];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, found] = await node.scan(cursor, 'MATCH', `${keyPrefix}:*`, 'COUNT', 1000);
      cursor = next;
      for (const key of found) keys.add(key);
    } while (cursor !== '0');
  }
  return keys;
}

/** The /__bench routes; only the benchmark's own server scripts mount them, never the product. */
export function benchProbeRouter(storage: { redis?: RedisClient; keyPrefix?: string }): Router {
  const router = new Router({ prefix: '/__bench' });
  const counter = storage.redis ? countByOwner(storage.redis) : undefined;
  router.get('/memory', (ctx) => {
    // Started with --expose-gc: measure what stays alive, not garbage waiting for collection.
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    ctx.body = { rss: memory.rss, heapUsed: memory.heapUsed, heapTotal: memory.heapTotal, external: memory.external };
  });
  // CPU time the server process spent (user + system, µs): per login it is robust against a busy machine.
  router.get('/cpu', (ctx) => {
    const usage = process.cpuUsage();
    ctx.body = { micros: usage.user + usage.system };
  });
  router.post('/redis/reset', (ctx) => {
    counter?.reset();
    ctx.status = 204;
  });
  router.get('/redis/counts', (ctx) => {
    ctx.body = counter?.snapshot() ?? null;
  });
  router.get('/redis/trace', (ctx) => {
    ctx.body = counter?.traceSince(Number(ctx.query['since'] ?? 0)) ?? [];
  });
  // Bytes stored by some logins = the keys that are new since the mark and still live (keys of earlier
  // phases that expire meanwhile must not be subtracted from them).
  let marked: Set<string> | undefined;
  router.post('/redis/usage/mark', async (ctx) => {
    marked = storage.redis && storage.keyPrefix ? await allKeys(storage.redis, storage.keyPrefix) : undefined;
    ctx.status = 204;
  });
  router.get('/redis/usage', async (ctx) => {
    const skip = ctx.query['since'] === 'mark' ? marked : undefined;
    ctx.body = storage.redis && storage.keyPrefix ? await usageByOwner(storage.redis, storage.keyPrefix, skip) : null;
  });
  return router;
}
