// Redis connection factory: one ioredis client (single, Sentinel or Cluster) configured to fail closed and heal itself.
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisConfig } from '../config/index.ts';
import type { Logger } from '../observability/logger.ts';

/** Either kind of client; everything in store/ works with both. */
export type RedisClient = Redis | Cluster;

export interface CreateRedisOptions {
  /** A command that gets no answer within this time fails (a hung or partitioned server must not hang requests). */
  commandTimeoutMs?: number;
  /** Connection attempt timeout. */
  connectTimeoutMs?: number;
  /** Upper bound of the delay between reconnection attempts. */
  maxReconnectDelayMs?: number;
  /** Shown in CLIENT LIST, helps operators tell Kontekst processes apart. */
  connectionName?: string;
  /** Start connecting only on first use (tests and CLIs); the default connects at once. */
  lazyConnect?: boolean;
  /** Connection errors and reconnects are logged here (message only: never a command or its arguments). */
  logger?: Logger;
}

const DEFAULTS = { commandTimeoutMs: 2000, connectTimeoutMs: 2000, maxReconnectDelayMs: 2000 };

/** Reconnect forever with a capped, growing delay: Redis coming back must heal the process without a restart. */
function reconnectDelay(maxDelayMs: number): (attempt: number) => number {
  return (attempt) => Math.min(50 * 2 ** Math.min(attempt, 10), maxDelayMs);
}

/**
 * Settings shared by every node connection. They fail closed: no offline queue (a command during an
 * outage errors at once instead of waiting for a reconnect), at most one retry per command, and a
 * command timeout; auto-pipelining batches the commands of one tick into one network write.
 */
function commonOptions(config: RedisConfig, opts: CreateRedisOptions): RedisOptions {
  return {
    password: config.password,
    tls: config.tls ? {} : undefined,
    commandTimeout: opts.commandTimeoutMs ?? DEFAULTS.commandTimeoutMs,
    connectTimeout: opts.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    connectionName: opts.connectionName ?? 'kontekst',
    lazyConnect: opts.lazyConnect ?? false,
    // CLIENT SETINFO exists from Redis 7.2 only: on the supported 6.2–7.0 each connection would answer it with
    // two errors, which the metrics would count as failed Redis commands.
    disableClientInfo: true,
  };
}

/** Builds the client the configuration asks for: Cluster seed nodes, Sentinel, or a single URL. */
export function createRedis(config: RedisConfig, opts: CreateRedisOptions = {}): RedisClient {
  const client = buildClient(config, opts);
  watchConnection(client, opts.logger);
  return client;
}

/**
 * An 'error' event without a listener would be printed raw by ioredis; log it once per outage instead,
 * and log when the connection is back. Errors here never throw: requests fail on their own commands.
 */
function watchConnection(client: RedisClient, logger: Logger | undefined): void {
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger?.warn({ err: { message: error.message } }, 'redis connection lost; failing requests closed until it returns');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger?.info('redis connection restored');
  });
}

function buildClient(config: RedisConfig, opts: CreateRedisOptions): RedisClient {
  const common = commonOptions(config, opts);
  const retry = reconnectDelay(opts.maxReconnectDelayMs ?? DEFAULTS.maxReconnectDelayMs);

  if (config.clusterNodes?.length) {
    const { enableOfflineQueue: _offline, lazyConnect, enableAutoPipelining, ...redisOptions } = common;
    const clusterOptions: ClusterOptions = {
      redisOptions,
      lazyConnect,
      enableAutoPipelining,
      enableOfflineQueue: false,
      clusterRetryStrategy: retry,
      // A MOVED/ASK during resharding or failover is followed a few times, then the command fails.
      maxRedirections: 6,
      retryDelayOnFailover: 100,
      retryDelayOnClusterDown: 100,
      slotsRefreshTimeout: opts.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
      // TLS certificates name the announced host; keep it when the nodes announce IPs.
      dnsLookup: (address, callback) => callback(null, address),
    };
    return new Cluster(config.clusterNodes, clusterOptions);
  }

  if (config.sentinels?.length) {
    return new Redis({
      ...common,
      sentinels: config.sentinels,
      name: config.sentinelName,
      sentinelPassword: config.password,
      enableTLSForSentinelMode: config.tls,
      retryStrategy: retry,
      sentinelRetryStrategy: retry,
    });
  }

  if (!config.url) throw new Error('Redis configuration needs a URL, Cluster nodes or Sentinels');
  // The URL may carry its own password and rediss:// (TLS); explicit settings win where given.
  const fromUrl = new URL(config.url);
  const tls = config.tls || fromUrl.protocol === 'rediss:' ? {} : undefined;
  return new Redis(config.url, {
    ...common,
    tls,
    password: config.password ?? (decodeURIComponent(fromUrl.password) || undefined),
    retryStrategy: retry,
  });
}

/** True when the client talks to a Redis Cluster: multi-key work must then stay within one hash slot. */
export function isCluster(redis: RedisClient): redis is Cluster {
  return redis instanceof Cluster;
}

/** Readiness probe: PING answered within timeoutMs. Never throws. */
export async function redisReady(redis: RedisClient, timeoutMs = 500): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const answer = await Promise.race([redis.ping(), timeout]);
    return answer === 'PONG';
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until the client is connected (startup), or rejects after timeoutMs. */
export async function waitForRedis(redis: RedisClient, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  if (redis.status === 'wait') await redis.connect().catch(() => undefined);
  while (Date.now() < deadline) {
    if (await redisReady(redis, 500)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Redis not ready after ${timeoutMs} ms`);
}
